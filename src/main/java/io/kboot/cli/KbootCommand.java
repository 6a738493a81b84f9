package io.kboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kboot}: the umbrella command, with unambiguous names for kinit and kjoin. */
@Command(name = "kboot", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Bootstrap kubeadm-compatible Kubernetes clusters on bare metal and VMs over SSH.",
        subcommands = {ApplyCommand.class, UpgradeCommand.class, TokenCommand.class, CertsCommand.class, BundleCommand.class,
            KubeconfigCommand.class, EtcdCommand.class, VersionCommand.class,
            CompletionCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot apply -f cluster.yaml --dry-run               # a whole cluster from one file",
            "  kboot init --pod-network-cidr 10.244.0.0/16          # same as: kinit master",
            "  kboot join 192.168.56.10:6443 --token ... --discovery-token-ca-cert-hash sha256:...",
            "  kboot reset --host root@192.168.56.11 --dry-run      # what resetting the node would remove",
            "  kboot upgrade plan -f cluster.yaml --to v1.36.3      # what an upgrade would change; read-only",
            "  kboot certs check-expiration",
            "  kboot etcd snapshot save -f cluster.yaml -o backup.tar",
            "  kboot bundle create --from /var/cache/kboot/k8s/v1.36.3 -o kboot-bundle.tar",
            "  kboot version -o json",
            ""})
public final class KbootCommand implements Runnable {
    @Spec
    CommandSpec spec;

    public KbootCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (see kboot --help)");
    }

    /** The whole command tree, phase subcommands generated. */
    static CommandLine commandLine() {
        return commandLine(PhaseCommands.Wanted.ALL);
    }

    /**
     * The command tree for these arguments: init, join and reset are built only if they name them
     * (or a phase), and only the phase subcommands they name are generated.
     */
    static CommandLine commandLine(String... args) {
        return commandLine(PhaseCommands.Wanted.by(args));
    }

    private static CommandLine commandLine(PhaseCommands.Wanted wanted) {
        CommandLine kboot = ExitCodes.documentIn(Verbosity.addTo(new CommandLine(new KbootCommand())));
        kboot.addSubcommand("init", LazySubcommands.wanted(MasterCommand.class, "init", wanted)
                ? MasterCommand.withPhases(named("init", new CommandLine(new MasterCommand())), wanted)
                : LazySubcommands.standIn(MasterCommand.class, "init"));
        kboot.addSubcommand("join", LazySubcommands.wanted(KjoinCommand.class, "join", wanted)
                ? KjoinCommand.withPhases(named("join", new CommandLine(new KjoinCommand())), wanted)
                : LazySubcommands.standIn(KjoinCommand.class, "join"));
        kboot.addSubcommand("reset", LazySubcommands.wanted(ResetCommand.class, "reset", wanted)
                ? ResetCommand.withPhases(new CommandLine(new ResetCommand()), wanted)
                : LazySubcommands.standIn(ResetCommand.class, "reset"));
        CommandLine upgrade = kboot.getSubcommands().get("upgrade");
        UpgradeApplyCommand.withPhases(upgrade.getSubcommands().get("apply"), wanted);
        UpgradeNodeCommand.withPhases(upgrade.getSubcommands().get("node"), wanted);
        return kboot;
    }

    /**
     * The command under the name kboot gives it: picocli keeps an annotated command's own name
     * ("master", "kjoin") when it is added under another, and its usage said "kboot kjoin".
     */
    private static CommandLine named(String name, CommandLine command) {
        command.getCommandSpec().name(name);
        return command;
    }
}
