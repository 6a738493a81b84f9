package io.kboot.cli;

import io.kboot.config.ClusterSettings;
import io.kboot.config.InitSettings;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.init.InitContext;
import io.kboot.init.InitWorkflow;
import io.kboot.node.PatchCheck;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Workflow;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kinit master} (also {@code kboot init}): make a node the first control plane. */
@Command(name = "master", aliases = "control-plane", mixinStandardHelpOptions = true,
        description = "Make a node the first control-plane node of a new cluster.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  kinit master --pod-network-cidr 10.244.0.0/16",
            "  kinit master --host root@192.168.56.10 --advertise-address 192.168.56.10",
            "  kinit master --config kubeadm.yaml --dry-run",
            "  kinit master phase certs all --cert-dir ./pki",
            "  kinit master --skip-phases preflight",
            ""})
final class MasterCommand implements Callable<Integer> {
    static final Workflow<InitContext> WORKFLOW = InitWorkflow.build();

    @Mixin
    InitOptions options = new InitOptions();

    @Override
    public Integer call() {
        return run(options, Optional.empty());
    }

    static int run(InitOptions options, Optional<String> only) {
        InitSettings settings = options.settings();
        PatchCheck.controlPlane(settings, settings.run().patches());
        ClusterSettings cluster = settings.cluster();
        HostPrepSettings hostPrep = options.node.hostPrep.settings(cluster.kubernetesVersion(), cluster.imageRepository());
        Plan<InitContext> plan = WORKFLOW.plan(only, settings.run().skipPhases());
        return WorkflowExecution.run(plan, options.node.target, options.node.dryRun, options.node.output.reporter(),
                (host, reporter) -> new InitContext(settings, host, reporter, hostPrep, planned(plan)));
    }

    private static Set<String> planned(Plan<InitContext> plan) {
        return plan.toRun().stream().map(Plan.Step::path).collect(Collectors.toSet());
    }

    /**
     * Adds the {@code phase} subcommands (generated, or a cheap stand-in when the arguments do not
     * use them) and the phase list in --help.
     */
    static CommandLine withPhases(CommandLine master, PhaseCommands.Wanted wanted) {
        return ExitCodes.documentIn(
                PhaseCommands.attach(master, WORKFLOW, wanted, InitOptions::new, (o, path) -> run(o, Optional.of(path))));
    }

    static String[] concat(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
