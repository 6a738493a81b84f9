package io.kboot.cli;

import io.kboot.apply.ApplyRun;
import io.kboot.apply.ClusterSpec;
import io.kboot.bundle.BundleSource;
import io.kboot.config.InitSettings;
import io.kboot.hostprep.ArtifactSource;
import io.kboot.hostprep.DistroPackages;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.node.ControlPlaneNode;
import io.kboot.node.PatchCheck;
import io.kboot.report.Reporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kboot apply -f cluster.yaml}: a whole cluster from one file, converging on every run. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {
            "Make or grow a cluster from a cluster file (docs/cluster.yaml is a documented example): preflight all hosts in"
                    + " parallel, prepare them in parallel, kinit the first control plane, join further control planes one at a"
                    + " time and workers in waves, each wave with its own short-lived bootstrap token.",
            "",
            "Run it again after any failure, or after adding hosts to the file: hosts that are already nodes are checked and"
                    + " left alone (labels and taints from the file that they lack are added), new hosts are joined, and an"
                    + " init that stopped halfway is finished. The state is kept in the cluster, ConfigMap"
                    + " kube-system/kboot-cluster."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot apply -f cluster.yaml --dry-run     # preflight and look for real, print the plan per host, change nothing",
            "  kboot apply -f cluster.yaml",
            "  kboot apply -f cluster.yaml --wave-size 20 --accept-new-host-key",
            ""})
final class ApplyCommand implements Callable<Integer> {
    private static final int JOIN_WAVE = 10;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", required = true,
            description = "The cluster file: a Cluster document (kboot.io/v1alpha1), optionally followed by kubeadm's"
                    + " ClusterConfiguration,"
                    + " InitConfiguration and KubeletConfiguration documents.")
    Path file;

    @Option(names = "--dry-run",
            description = "Preflight and observe for real, show the plan and what host preparation would change; change nothing.")
    boolean dryRun;

    @Option(names = "--wave-size", paramLabel = "N",
            description = "Workers joined at once (default: 10), and upgraded at once (default: a tenth of them, at least one).")
    Optional<Integer> waveSize = Optional.empty();

    @Option(names = "--token-ttl", paramLabel = "DURATION",
            description = "How long each wave's bootstrap token is valid; it is deleted after the wave (default: 1h).")
    Optional<Duration> tokenTtl = Optional.empty();

    @Option(names = "--ignore-preflight-errors", paramLabel = "CHECK", split = ",",
            description = "Preflight checks whose errors become warnings on every host, e.g. NumCPU,Mem, or all.")
    List<String> ignorePreflightErrors = new ArrayList<>();

    @Option(names = "--accept-new-host-key",
            description = "Trust host keys seen for the first time and record them (trust on first use). A changed key is"
                    + " always refused.")
    boolean acceptNewHostKey;

    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "OpenSSH client configuration for the hosts' addresses (Host aliases, HostName, User, Port,"
                    + " IdentityFile, ProxyJump, ...); the cluster file's ssh settings win over it"
                    + " (default: ~/.ssh/config if it exists; none: no file).")
    Optional<Path> sshConfig = Optional.empty();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    DrainFlags drain = new DrainFlags();

    @Override
    public Integer call() {
        // Everything is read and checked before a host is touched: the file, the settings, the bundle.
        ApplyRun.Options options = new ApplyRun.Options(dryRun, waveSize.orElse(JOIN_WAVE), tokenTtl.orElse(Duration.ofHours(1)),
                new LinkedHashSet<>(ignorePreflightErrors), VersionCommand.version(), waveSize, drain.options());
        ClusterSpec spec = ClusterSpec.load(file, Path.of(System.getProperty("user.home")), SshTargets.config(sshConfig));
        InitSettings cluster = spec.initSettings(spec.controlPlanes().get(0), options.ignoredChecks(), false);
        ControlPlaneNode.requireSupported(cluster.cluster().kubernetesVersion(),
                spec.documents().clusterConfigurationField("/kubernetesVersion"));
        PatchCheck.controlPlane(cluster, cluster.run().patches());
        HostPrepSettings hostPrep = new HostPrepSettings(List.of(), artifacts(spec, cluster), HostPaths.SYSTEM);
        Reporter reporter = output.reporter();
        boolean succeeded = false;
        try {
            new ApplyRun(spec, options, hostPrep, hosts -> ClusterHosts.connect(hosts, acceptNewHostKey), reporter).run();
            succeeded = true;
            return ExitCodes.OK;
        } finally {
            reporter.summary(succeeded);
        }
    }

    /** The file's bundle, checked whole against the cluster's release now; without one, the nodes' package repositories. */
    private static ArtifactSource artifacts(ClusterSpec spec, InitSettings cluster) {
        if (spec.bundle().isEmpty()) {
            return new DistroPackages();
        }
        BundleSource bundle = BundleSource.open(spec.bundle().get());
        bundle.requireFits(cluster.cluster().kubernetesVersion(), cluster.cluster().imageRepository());
        return bundle;
    }
}
