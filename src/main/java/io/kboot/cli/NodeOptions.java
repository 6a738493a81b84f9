package io.kboot.cli;

import io.kboot.config.NodeSettings;
import io.kboot.config.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What kinit master and kjoin share: the target node, output, host preparation and the node flags. */
public final class NodeOptions {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    HostPrepOptions hostPrep = new HostPrepOptions();

    @Option(names = "--dry-run", description = "Show what would change on the node, change nothing.")
    boolean dryRun;

    @Option(names = "--node-name", paramLabel = "NAME", converter = Converters.DnsName.class,
            description = "Node name (default: the host's hostname).")
    Optional<String> nodeName = Optional.empty();

    @Option(names = "--cri-socket", paramLabel = "URL", converter = Converters.CriSocket.class,
            description = "Container runtime socket (default: unix:///var/run/containerd/containerd.sock).")
    Optional<String> criSocket = Optional.empty();

    @Option(names = "--ignore-preflight-errors", paramLabel = "CHECK", split = ",",
            description = "Preflight checks whose errors become warnings, e.g. Swap,NumCPU, or all.")
    List<String> ignorePreflightErrors = new ArrayList<>();

    @Option(names = "--skip-phases", paramLabel = "PHASE", split = ",",
            description = "Phases to skip, e.g. preflight or prepare/firewall.")
    List<String> skipPhases = new ArrayList<>();

    @Option(names = "--patches", paramLabel = "DIR",
            description = "kubeadm patches on this machine: files target[suffix][+strategic|merge|json].yaml|json for etcd,"
                    + " kube-apiserver,"
                    + " kube-controller-manager, kube-scheduler, kubeletconfiguration, corednsdeployment.")
    Optional<Path> patches = Optional.empty();

    @Option(names = "--timeout", paramLabel = "NAME=DURATION", split = ",",
            description = "Bound one kind of wait for this run, over the config's timeouts: controlPlaneComponentHealthCheck,"
                    + " kubeletHealthCheck, kubernetesAPICall (one API call, retried through API server restarts), etcdAPICall,"
                    + " tlsBootstrap, discovery, upgradeManifests; e.g. --timeout discovery=10m,kubernetesAPICall=3m.")
    List<String> timeouts = new ArrayList<>();

    /** Copies the flags kinit master and kjoin share into the settings' holders. */
    /** The run's wait bounds with {@code --timeout} over the file's; applied after the merge, as before. */
    RunOptions withTimeoutFlags(RunOptions run) {
        return run.withTimeouts(run.timeouts().with(timeouts));
    }

    void fill(NodeSettings.Flags node, RunOptions.Flags run) {
        node.name = nodeName;
        node.criSocket = criSocket;
        run.ignorePreflightErrors = new LinkedHashSet<>(ignorePreflightErrors);
        run.skipPhases = new LinkedHashSet<>(skipPhases);
        run.patches = patches;
    }
}
