package io.kboot.cli;

import io.kboot.config.Defaults;
import io.kboot.config.JoinSettings;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.join.JoinContext;
import io.kboot.join.JoinWorkflow;
import io.kboot.node.PatchCheck;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Workflow;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kjoin} (also {@code kboot join}): add a node to a cluster with a bootstrap token. */
@Command(name = "kjoin", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Join this machine (or one reached over SSH) to a Kubernetes cluster, kubeadm-compatible.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  kjoin 192.168.56.10:6443 --token abcdef.0123456789abcdef \\",
            "      --discovery-token-ca-cert-hash sha256:<64 hex digits>",
            "  kjoin 192.168.56.10:6443 --token ... --discovery-token-ca-cert-hash ... --host kboot@192.168.56.11 --sudo",
            "  kjoin 192.168.56.10:6443 --token ... --discovery-token-ca-cert-hash ... --control-plane --certificate-key <hex>",
            ""})
public final class KjoinCommand implements Callable<Integer> {
    static final Workflow<JoinContext> WORKFLOW = JoinWorkflow.build();

    @Mixin
    JoinOptions options = new JoinOptions();

    public KjoinCommand() {}

    @Override
    public Integer call() {
        return run(options, Optional.empty());
    }

    static int run(JoinOptions options, Optional<String> only) {
        JoinSettings settings = options.settings();
        PatchCheck.join(settings.controlPlane(), settings.run().patches());
        // The bundle's release is checked against the cluster's at the end of discovery, before prepare.
        HostPrepSettings hostPrep = options.node.hostPrep.joinSettings(Defaults.IMAGE_REPOSITORY);
        Plan<JoinContext> plan = WORKFLOW.plan(only, settings.run().skipPhases());
        return WorkflowExecution.run(plan, options.node.target, options.node.dryRun, options.node.output.reporter(),
                (host, reporter) -> new JoinContext(settings, host, reporter, hostPrep));
    }

    /** The whole command tree, phase subcommands generated. */
    static CommandLine commandLine() {
        return withPhases(Verbosity.addTo(new CommandLine(new KjoinCommand())), PhaseCommands.Wanted.ALL);
    }

    /** The command tree for these arguments: only the phase subcommands they name are generated. */
    static CommandLine commandLine(String... args) {
        return withPhases(Verbosity.addTo(new CommandLine(new KjoinCommand())), PhaseCommands.Wanted.by(args));
    }

    static CommandLine withPhases(CommandLine kjoin, PhaseCommands.Wanted wanted) {
        return ExitCodes.documentIn(
                PhaseCommands.attach(kjoin, WORKFLOW, wanted, JoinOptions::new, (o, path) -> run(o, Optional.of(path))));
    }
}
