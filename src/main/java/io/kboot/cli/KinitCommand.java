package io.kboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kinit}: today it makes control planes ({@code kinit master}). */
@Command(name = "kinit", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Bootstrap a Kubernetes control plane, kubeadm-compatible, on this machine or over SSH.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  kinit master --pod-network-cidr 10.244.0.0/16",
            "  kinit master --host root@192.168.56.10 --dry-run",
            "",
            "Note: on hosts with Kerberos, 'kinit' may be Kerberos' command; 'kboot init' is the same as 'kinit master'."})
public final class KinitCommand implements Runnable {
    @Spec
    CommandSpec spec;

    public KinitCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: kinit master");
    }

    /** The whole command tree, phase subcommands generated. */
    static CommandLine commandLine() {
        return commandLine(PhaseCommands.Wanted.ALL);
    }

    /**
     * The command tree for these arguments: master is built only if they name it (or a phase), and
     * only the phase subcommands they name are generated.
     */
    static CommandLine commandLine(String... args) {
        return commandLine(PhaseCommands.Wanted.by(args));
    }

    private static CommandLine commandLine(PhaseCommands.Wanted wanted) {
        CommandLine kinit = ExitCodes.documentIn(Verbosity.addTo(new CommandLine(new KinitCommand())));
        kinit.addSubcommand(LazySubcommands.wanted(MasterCommand.class, "master", wanted)
                ? MasterCommand.withPhases(new CommandLine(new MasterCommand()), wanted)
                : LazySubcommands.standIn(MasterCommand.class, "master"));
        return kinit;
    }
}
