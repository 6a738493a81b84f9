package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.apply.ClusterObserver;
import io.kboot.apply.ClusterSpec;
import io.kboot.apply.HostSpec;
import io.kboot.bundle.BundleSource;
import io.kboot.config.KubernetesVersion;
import io.kboot.host.Host;
import io.kboot.host.NamedHost;
import io.kboot.report.Reporter;
import io.kboot.upgrade.ClusterVersions;
import io.kboot.upgrade.UpgradePlan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kboot upgrade plan}: what an upgrade would change and whether the version skew policy allows it; read-only. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {
            "Show what runs in the cluster (per node etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the"
                    + " kubelet; CoreDNS and kube-proxy), what an upgrade to the target would change, and every verdict of"
                    + " kubeadm's version skew policy. Read-only: nothing on the cluster changes.",
            "",
            "The cluster is reached through --host (a control plane: its /etc/kubernetes/admin.conf) or through the control"
                    + " planes of a cluster file (-f), one of the two. The target is --to, else the --bundle's release, else"
                    + " the cluster file's kubernetesVersion. Exit 2 when the policy refuses the upgrade (skippable refusals"
                    + " pass with --force)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot upgrade plan --host root@192.168.56.10 --to v1.36.3",
            "  kboot upgrade plan --host root@192.168.56.10 --bundle kboot-bundle-v1.36.3.tar",
            "  kboot upgrade plan -f cluster.yaml                 # the file's kubernetesVersion and bundle",
            "  kboot upgrade plan -f cluster.yaml --to v1.36.3 -o json",
            ""})
final class UpgradePlanCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "A cluster file (as for kboot apply): its control planes are asked, in file order, until one's API"
                    + " server answers.")
    Optional<Path> file = Optional.empty();

    @Option(names = "--to", paramLabel = "vX.Y.Z", description = "The release to plan the upgrade to.")
    Optional<String> to = Optional.empty();

    @Option(names = "--bundle", paramLabel = "FILE",
            description = "The offline bundle the upgrade would install: checked whole, its release is the target.")
    Optional<Path> bundle = Optional.empty();

    @Option(names = "--force", description = "Pass the version skew policy's skippable refusals (printed as warnings).")
    boolean force;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        // Every input is read and checked before a host is contacted.
        if (target.host.isPresent() == file.isPresent()) {
            throw new KbootException.InvalidInput("kboot upgrade plan needs --host (a control plane) or -f (a cluster file), "
                    + (file.isPresent() ? "not both: --host " + target.host.get() + " and -f " + file.get() : "got neither"));
        }
        Optional<KubernetesVersion> asked = to.map(UpgradePlanCommand::parseTo);
        Optional<ClusterSpec> spec =
                file.map(f -> ClusterSpec.load(f, Path.of(System.getProperty("user.home")), SshTargets.config(target.sshConfig)));
        Optional<BundleSource> flagBundle = bundle.map(BundleSource::open);
        Optional<KubernetesVersion> flagRelease = flagBundle.map(BundleSource::release);
        if (asked.isPresent() && flagRelease.isPresent() && !asked.get().equals(flagRelease.get())) {
            throw new KbootException.InvalidInput("--to " + asked.get() + " and --bundle " + bundle.get().getFileName()
                    + " (Kubernetes " + flagRelease.get() + ") disagree: give a bundle of " + asked.get() + " or leave --to out");
        }
        Optional<KubernetesVersion> bundleRelease =
                flagRelease.or(() -> spec.flatMap(ClusterSpec::bundle).map(BundleSource::open).map(BundleSource::release));
        KubernetesVersion release;
        String from;
        if (asked.isPresent()) {
            release = asked.get();
            from = "--to";
        } else if (flagRelease.isPresent()) {
            release = flagRelease.get();
            from = "--bundle " + bundle.get().getFileName();
        } else if (spec.isPresent()) {
            release = fileRelease(spec.get());
            from = spec.get().file().getFileName().toString();
        } else {
            throw new KbootException.InvalidInput("--host " + target.host.get() + " needs the release to plan for:"
                    + " --to vX.Y.Z or --bundle FILE");
        }
        Reporter reporter = output.reporter();
        ClusterVersions running = spec.isPresent() ? read(spec.get(), reporter) : read(target);
        UpgradePlan plan = UpgradePlan.of(running, release, from, bundleRelease);
        reporter.result(plan.title(), plan.describe(), plan.toJson());
        plan.verdicts().enforce(force, warning -> reporter.warn(null, warning));
        return ExitCodes.OK;
    }

    private static KubernetesVersion parseTo(String text) {
        try {
            return KubernetesVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput("--to: " + e.getMessage());
        }
    }

    private static KubernetesVersion fileRelease(ClusterSpec spec) {
        return spec.initSettings(spec.controlPlanes().get(0), Set.of(), false).cluster().kubernetesVersion();
    }

    private static ClusterVersions read(TargetOptions target) {
        try (Host host = target.open()) {
            return ClusterVersions.read(host);
        }
    }

    /** Through the file's control planes, found as kboot apply finds the API server. */
    private ClusterVersions read(ClusterSpec spec, Reporter reporter) {
        List<HostSpec> controlPlanes = spec.controlPlanes();
        String kubeconfigDir = spec.initSettings(controlPlanes.get(0), Set.of(), false).pki().kubeconfigDir();
        List<Host> opened = ClusterHosts.connect(controlPlanes, target.acceptNewHostKey);
        Map<String, Host> hosts = new LinkedHashMap<>();
        for (int i = 0; i < opened.size(); i++) {
            hosts.put(controlPlanes.get(i).name(), new NamedHost(controlPlanes.get(i).name(), opened.get(i)));
        }
        try (ApiConnection admin = ClusterObserver.firstAnswering(controlPlanes, hosts, kubeconfigDir, reporter)
                .orElseThrow(() -> new KbootException.StepFailed("no control plane of " + spec.file() + " has "
                        + kubeconfigDir + "/admin.conf and an API server that answers: there is no cluster to plan for"))) {
            return ClusterVersions.read(admin.api());
        } finally {
            hosts.values().forEach(Host::close);
        }
    }
}
