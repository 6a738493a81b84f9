package io.kboot.cli;

import io.kboot.config.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a node workflow runs, as kubeadm's flags say it: kinit master, kjoin and kboot upgrade apply|node share them. */
final class RunFlags {
    @Option(names = "--ignore-preflight-errors", paramLabel = "CHECK", split = ",",
            description = "Preflight checks whose errors become warnings (kubeadm's names), e.g. Swap,NumCPU, or all.")
    List<String> ignorePreflightErrors = new ArrayList<>();

    @Option(names = "--skip-phases", paramLabel = "PHASE", split = ",",
            description = "Phases to skip, as `phase` lists them, e.g. preflight or prepare/firewall.")
    List<String> skipPhases = new ArrayList<>();

    @Option(names = "--patches", paramLabel = "DIR",
            description = "kubeadm patches on this machine: files target[suffix][+strategic|merge|json].yaml|json for etcd,"
                    + " kube-apiserver, kube-controller-manager, kube-scheduler, kubeletconfiguration, corednsdeployment.")
    Optional<Path> patches = Optional.empty();

    @Option(names = "--timeout", paramLabel = "NAME=DURATION", split = ",",
            description = "Bound one kind of wait for this run, over the config's timeouts: controlPlaneComponentHealthCheck,"
                    + " kubeletHealthCheck, kubernetesAPICall (one API call, retried through API server restarts), etcdAPICall,"
                    + " tlsBootstrap, discovery, upgradeManifests (each new static Pod of an upgrade); e.g."
                    + " --timeout discovery=10m,kubernetesAPICall=3m.")
    List<String> timeouts = new ArrayList<>();

    /** Into the settings' holders, merged over the file's like every flag. */
    void fill(RunOptions.Flags run) {
        run.ignorePreflightErrors = new LinkedHashSet<>(ignorePreflightErrors);
        run.skipPhases = new LinkedHashSet<>(skipPhases);
        run.patches = patches;
    }

    /** The run's wait bounds with {@code --timeout} over the file's; applied after the merge. */
    RunOptions withTimeouts(RunOptions run) {
        return run.withTimeouts(run.timeouts().with(timeouts));
    }
}
