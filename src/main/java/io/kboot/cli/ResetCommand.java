package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.apply.ClusterReset;
import io.kboot.apply.ClusterSpec;
import io.kboot.report.Reporter;
import io.kboot.reset.Confirmation;
import io.kboot.reset.ResetContext;
import io.kboot.reset.ResetSettings;
import io.kboot.reset.ResetWorkflow;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Workflow;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kboot reset}: undo kinit master or kjoin on one node, kubeadm reset's phases and more. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {
            "Revert what kinit master or kjoin did to a node, so that it can be joined again (or left clean), as kubeadm"
                    + " reset does and further:",
            "  - removes a control plane's etcd member from the etcd cluster (not the last member; a worker has none),",
            "  - stops the kubelet; kills and removes the containers of containerd's k8s.io namespace (with ctr) and the"
                    + " pods' network namespaces,",
            "  - unmounts what the kubelet mounted under /var/lib/kubelet, deletes it, the static Pod manifests, the"
                    + " certificate directory, the kubeconfig files and tmp/ of /etc/kubernetes (which goes when empty), the"
                    + " contents of the etcd data directory named in etcd.yaml, /etc/cni/net.d and /var/lib/cni,",
            "  - deletes the cni0 bridge, and the iptables and ip6tables chains named KUBE-* and CNI-* with the rules that"
                    + " jump to them, in every table and in both backends (nf_tables, legacy); no other rule, chain or policy"
                    + " is touched, so the SSH session survives,",
            "  - undoes host preparation from its record, /var/lib/kboot/hostprep.jsonl, newest change first: restores"
                    + " the files it edited, deletes the files it wrote, unmasks swap units and turns swap back on, deletes"
                    + " the firewall rules it added, disables the units it enabled, removes the packages it installed.",
            "",
            "With -f and --hosts, while a control plane of the file that is not reset keeps the cluster, the reset hosts'"
                    + " Nodes are drained first: all cordoned, then their pods evicted through the Eviction API, one node at a"
                    + " time, PodDisruptionBudgets honoured; DaemonSet and mirror pods stay; pods with emptyDir data or"
                    + " without a controller are refused unless --delete-emptydir-data or --force-drain says otherwise. A drain"
                    + " that fails uncordons the nodes and stops the reset before any host is touched.",
            "",
            "It asks for confirmation first (preflight). Without a terminal to ask on (a script, CI) it refuses with exit"
                    + " code 2 and changes nothing unless --force is given. Every phase looks before it acts: resetting a"
                    + " clean node succeeds and says there was nothing to do. --dry-run prints every script it would run."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot reset --host root@192.168.56.11 --dry-run   # changes nothing",
            "  kboot reset --host root@192.168.56.11             # asks, then resets",
            "  kboot reset --host kboot@192.168.56.12 --sudo --force",
            "  kboot reset --force --skip-phases cleanup-node/iptables,host-prep",
            "  kboot reset phase cleanup-node iptables --force",
            "  kboot reset -f cluster.yaml --dry-run              # every host of kboot apply's file",
            "  kboot reset -f cluster.yaml --hosts w7,w8 --force  # two workers: drained, reset, their Nodes deleted",
            "  kboot reset -f cluster.yaml --hosts w7 --force --drain-timeout 10m --delete-emptydir-data",
            ""})
final class ResetCommand implements Callable<Integer> {
    static final Workflow<ResetContext> WORKFLOW = ResetWorkflow.build();

    @Mixin
    ResetOptions options = new ResetOptions();

    @Override
    public Integer call() {
        return run(options, Optional.empty());
    }

    static int run(ResetOptions options, Optional<String> only) {
        options.requireConsistent();
        if (options.file.isPresent()) {
            return runFile(options, only);
        }
        ResetSettings settings = options.settings();
        Plan<ResetContext> plan = WORKFLOW.plan(only, options.skippedPhases());
        boolean asks = asks(options, plan);
        Confirmation confirmation = asks ? new ConsoleConfirmation() : Confirmation.GIVEN;
        return WorkflowExecution.run(plan, options.target, options.dryRun, options.output.reporter(),
                (host, reporter) -> new ResetContext(host, reporter, settings, confirmation));
    }

    /** {@code -f FILE}: every host of the file (or of --hosts), asked once for all of them. */
    private static int runFile(ResetOptions options, Optional<String> only) {
        ClusterSpec spec = ClusterSpec.load(options.file.get(), Path.of(System.getProperty("user.home")),
                SshTargets.config(options.target.sshConfig));
        Reporter reporter = options.output.reporter();
        ClusterReset reset = new ClusterReset(spec,
                new ClusterReset.Options(options.dryRun, new LinkedHashSet<>(options.hosts), only,
                        options.skippedPhases(), VersionCommand.version(), options.drain.options()),
                hosts -> ClusterHosts.connect(hosts, options.target.acceptNewHostKey),
                reporter);
        boolean asks = asks(options, WORKFLOW.plan(only, options.skippedPhases()));
        if (asks && !new ConsoleConfirmation().confirm(spec.name(), reset.question() + "\nContinue?")) {
            throw new KbootException.StepFailed("reset of cluster " + spec.name() + " not confirmed: nothing was changed");
        }
        boolean succeeded = false;
        try {
            reset.run();
            succeeded = true;
            return ExitCodes.OK;
        } finally {
            reporter.summary(succeeded);
        }
    }

    /**
     * Whether the run asks for confirmation: preflight, the phase that asks, is planned and neither
     * --force nor --dry-run was given. Without a terminal to ask on, that is refused before any
     * host is opened.
     */
    private static boolean asks(ResetOptions options, Plan<ResetContext> plan) {
        boolean asks =
                !options.force && !options.dryRun && plan.toRun().stream().anyMatch(step -> step.path().equals("preflight"));
        if (asks && !ConsoleConfirmation.interactive()) {
            throw new KbootException.InvalidInput("kboot reset asks for confirmation before it deletes anything, and there is no"
                    + " terminal to ask on: add --force to reset without asking (or --dry-run to see what it would do)");
        }
        return asks;
    }

    /** Adds the {@code phase} subcommands (generated only when used) and the phase list in --help. */
    static CommandLine withPhases(CommandLine reset, PhaseCommands.Wanted wanted) {
        return PhaseCommands.attach(reset, WORKFLOW, wanted, ResetOptions::new, (o, path) -> run(o, Optional.of(path)));
    }
}
