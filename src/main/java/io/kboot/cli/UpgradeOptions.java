package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.bundle.BundleSource;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.RunOptions;
import io.kboot.config.Timeouts;
import io.kboot.config.ValueRules;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.kubeconfig.KubeconfigLoading;
import io.kboot.patches.Patches;
import io.kboot.upgrade.AdminAccess;
import io.kboot.upgrade.UpgradeSettings;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of {@code kboot upgrade apply} and {@code kboot upgrade node}. */
final class UpgradeOptions {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    DrainFlags drain = new DrainFlags();

    @Mixin
    RunFlags run = new RunFlags();

    // Required, but checked in bundle() rather than by picocli, which would demand it of `phase` too
    // before the phase's own flags are read.
    @Option(names = "--bundle", paramLabel = "FILE",
            description = "Required: the offline bundle of the release to upgrade to (kboot bundle create): checked here"
                    + " first, uploaded once per node and checked there again.")
    Path bundle;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A kubeadm v1beta4 file with an UpgradeConfiguration (kboot apply's cluster file will do): its"
                    + " timeouts bound this upgrade's waits and the new static Pods' startup probes, as in kubeadm upgrade"
                    + " --config; --timeout goes over them. Its other documents are not read.")
    Optional<Path> config = Optional.empty();

    @Option(names = "--dry-run", description = "Read the node and the cluster for real, show what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--certificate-renewal", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Renew each component's certificates before its new manifest starts, and admin.conf and"
                    + " super-admin.conf after (default: true).")
    boolean certificateRenewal = true;

    @Option(names = "--etcd-upgrade", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Upgrade the local etcd too (default: true); etcd is never downgraded.")
    boolean etcdUpgrade = true;

    @Option(names = "--force", description = "Pass the version-skew checks that kubeadm lets --force pass.")
    boolean force;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "An admin kubeconfig on this machine (a copy of a control plane's admin.conf), for a worker: it has"
                    + " none, and its upgrade drains it through the API. Default: $KUBECONFIG (its files merged, as kubectl"
                    + " does), else ~/.kube/config if present.")
    Optional<Path> kubeconfig = Optional.empty();

    /** The bundle, checked whole here; its release is the target. */
    BundleSource bundle() {
        if (bundle == null) {
            throw new KbootException.InvalidInput("missing --bundle FILE: the offline bundle of the release to upgrade to"
                    + " (kboot bundle create)");
        }
        return BundleSource.open(bundle);
    }

    /**
     * The settings, checked before any host is touched.
     *
     * @param version the release asked for on the command line, which must be the bundle's
     */
    UpgradeSettings settings(BundleSource source, Optional<KubernetesVersion> version) {
        KubernetesVersion bundled = KubernetesVersion.parse(source.kubernetesVersion());
        if (version.isPresent() && !version.get().equals(bundled)) {
            throw new KbootException.InvalidInput("the bundle " + bundle.getFileName() + " carries Kubernetes " + bundled
                    + ", not " + version.get() + ": make a bundle of " + version.get() + " (scripts/k8s/build --version "
                    + version.get() + ", then kboot bundle create)");
        }
        LinkedHashSet<String> ignored = new LinkedHashSet<>(run.ignorePreflightErrors);
        try {
            ValueRules.ignorePreflightErrors(ignored);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput("--ignore-preflight-errors: " + e.getMessage());
        }
        RunOptions options = run.withTimeouts(new RunOptions(ignored, new LinkedHashSet<>(run.skipPhases),
                run.patches.map(Patches::load).orElse(Patches.none()), timeouts()));
        return new UpgradeSettings(bundled, options, certificateRenewal, etcdUpgrade, force, drain.options());
    }

    /** The UpgradeConfiguration's timeouts over kubeadm's defaults; the defaults without --config. */
    private Timeouts timeouts() {
        if (config.isEmpty()) {
            return Timeouts.DEFAULTS;
        }
        ConfigDocuments docs = ConfigLoader.load(config.get());
        if (docs.upgrade().isEmpty()) {
            throw new KbootException.InvalidInput("--config " + config.get() + ": no UpgradeConfiguration document (apiVersion: "
                    + Kubeadm.API_VERSION + ", kind: UpgradeConfiguration)");
        }
        return docs.upgradeTimeouts();
    }

    HostPrepSettings hostPrep(BundleSource source) {
        return new HostPrepSettings(List.of(), source, HostPaths.SYSTEM);
    }

    /**
     * The admin API's source: the node's admin.conf on a control plane, else the workstation's
     * kubeconfig as kubectl finds it (--kubeconfig, $KUBECONFIG merged, ~/.kube/config), read and checked here.
     */
    AdminAccess adminAccess() {
        Optional<KubeconfigLoading.Loaded> loaded = KubeconfigLoading.load(kubeconfig);
        return new AdminAccess(loaded.map(KubeconfigLoading.Loaded::config), loaded.map(l -> Path.of(l.origin())));
    }
}
