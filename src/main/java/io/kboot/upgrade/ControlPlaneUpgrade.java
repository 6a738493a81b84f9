package io.kboot.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.KbootException;
import io.kboot.Pause;
import io.kboot.api.ApiRetry;
import io.kboot.api.Conditions;
import io.kboot.api.HealthCheck;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.Defaults;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.controlplane.StaticPods;
import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import io.kboot.node.NodeFiles;
import io.kboot.patches.PatchTarget;
import io.kboot.pki.ClientTls;
import io.kboot.script.ShellTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * kubeadm's StaticPodControlPlane (phases/upgrade/staticpods.go) on one control-plane node: the
 * new manifests rendered from the cluster's configuration at the target release (with the user's
 * patches), then etcd, kube-apiserver, kube-controller-manager and kube-scheduler one at a time:
 * that component's certificates renewed, its manifest moved to
 * /etc/kubernetes/tmp/kubeadm-backup-manifests-STAMP and the new one moved in (etcd's data
 * directory copied to kubeadm-backup-etcd-STAMP first), then a wait for the kubelet to run it:
 * the mirror Pod's config hash changed and the Pod Ready, and the component's own health
 * endpoint answering. A component whose manifest would not change is left alone; etcd is never
 * downgraded. If a component does not come up within timeouts.upgradeManifests, every manifest
 * moved so far goes back (and etcd's data, if etcd failed), the old control plane is waited for,
 * and the run fails saying what was rolled back.
 */
final class ControlPlaneUpgrade {
    static final String TMP = Defaults.KUBERNETES_DIR + "/tmp";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    static final String CONFIG_HASH = "kubernetes.io/config.hash";
    private static final Resource POD = Resource.of("v1", "Pod");

    private final UpgradeContext ctx;
    private final Host host;
    private final String stamp;
    private final List<Component> swapped = new ArrayList<>();
    private final Map<Component, Optional<String>> hashesBefore = new EnumMap<>(Component.class);
    private boolean etcdBackedUp;

    ControlPlaneUpgrade(UpgradeContext ctx, Clock clock) {
        this.ctx = ctx;
        this.host = ctx.host();
        this.stamp = STAMP.format(clock.instant());
    }

    /** @return the components upgraded (empty: every manifest was already the target's) */
    List<Component> run() {
        InitSettings cluster = ctx.cluster();
        ControlPlaneSpec spec = ctx.controlPlaneNode().spec(host, List.of());
        NodeFiles.warnIgnoredPatches(host, ctx.reporter(), cluster.run().patches());
        List<Component> upgraded = new ArrayList<>();
        // Read while every component runs: once etcd restarts, the old API server may be down for minutes.
        // (etcd itself is awaited on the node, without its mirror Pod.)
        for (Component component : Component.values()) {
            if (component != Component.ETCD) {
                hashesBefore.put(component, mirrorPodHash(component));
            }
        }
        for (Component component : Component.values()) {
            String path = manifest(component);
            String current = host.read(path).map(b -> new String(b, StandardCharsets.UTF_8))
                    .orElseThrow(() -> new KbootException.StepFailed(host.name() + ": " + path
                            + " is missing: the node is not a control plane kboot can upgrade"));
            Optional<String> skip = component == Component.ETCD ? etcdSkipped(spec) : Optional.empty();
            if (skip.isPresent()) {
                ctx.info(skip.get());
                continue;
            }
            NodeFiles.reportPatches(host, ctx.reporter(), cluster.run().patches(), PatchTarget.staticPod(component.id()));
            String desired = StaticPods.render(component, spec, cluster.run().patches());
            if (desired.equals(current)) {
                ctx.info("Current and new manifests of " + component.id() + " are equal, skipping upgrade");
                continue;
            }
            try {
                upgrade(component, desired);
            } catch (RuntimeException e) {
                throw rollBack(component, e);
            }
            upgraded.add(component);
        }
        return upgraded;
    }

    /** kubeadm's rule: etcd is upgraded only with --etcd-upgrade and never to an older image. */
    private Optional<String> etcdSkipped(ControlPlaneSpec spec) {
        if (!ctx.settings().etcdUpgrade()) {
            return Optional.of("Not upgrading etcd (--etcd-upgrade=false)");
        }
        String target = spec.etcd().imageTag();
        return ctx.node().etcdTag().filter(running -> EtcdTags.compare(running, target) > 0)
                .map(running -> "Not upgrading etcd: it runs " + running + ", newer than " + target
                        + " of Kubernetes " + ctx.targetVersion() + " (etcd is never downgraded)");
    }

    private void upgrade(Component component, String desired) {
        Set<String> etcdPodsBefore = component == Component.ETCD ? etcdPods() : Set.of();
        if (ctx.settings().certificateRenewal()) {
            List<String> renewed = ctx.certificates().renewExisting(ComponentCerts.of(component));
            ctx.info("Renewed the certificates of " + component.id() + ": " + String.join(", ", renewed));
        }
        if (component == Component.ETCD) {
            String dataDir = ctx.cluster().components().etcdDataDir();
            host.exec(Command.change(ShellTemplate.of("upgrade/backup-etcd.sh").word("backupDir", etcdBackupDir())
                    .word("backup", etcdBackup()).word("dataDir", dataDir).render()).withTimeout(Duration.ofMinutes(15)))
                    .orFail(host, "backing up etcd's data directory " + dataDir);
            etcdBackedUp = true;
            ctx.info("Backed up etcd's data directory " + dataDir + " to " + etcdBackup());
        }
        String staged = upgradedDir() + "/" + component.manifestFile();
        host.exec(Command.change("mkdir -p " + Shell.quote(upgradedDir()) + " && chmod 0700 " + Shell.quote(upgradedDir())))
                .orFail(host, "creating " + upgradedDir());
        host.upload(Content.of(desired), staged, FileAttributes.PRIVATE);
        host.exec(Command.change(ShellTemplate.of("upgrade/swap-manifest.sh").word("backupDir", backupDir())
                .word("current", manifest(component)).word("backup", backup(component)).word("staged", staged).render()))
                .orFail(host, "moving the new " + component.id() + " manifest in place");
        swapped.add(component);
        ctx.info("Moved the new manifest to " + manifest(component) + " and backed up the old one to " + backup(component));
        ctx.info("Waiting for the kubelet to restart " + component.id() + " (up to " + timeout().toSeconds() + "s)");
        if (component == Component.ETCD) {
            awaitEtcd(etcdPodsBefore);
        } else {
            awaitRunning(component, hashesBefore.get(component));
        }
        ctx.info("Component " + component.id() + " upgraded successfully");
    }

    /**
     * The new etcd runs, seen on the node, not through the API server: that one depends on etcd and,
     * on a slow node, is down for minutes after etcd's restart (its liveness probe fails while etcd
     * is away; a restart under load dies when its start-up IP and port check takes over a minute,
     * and the kubelet's back-off grows to five minutes). The kubelet starts the new static Pod under
     * a new UID (the manifest's hash, its config hash), so a new /var/log/pods directory with an etcd
     * log is the new Pod's container; then etcd's own /readyz. The next step, the API server's new
     * manifest, starts a fresh Pod whatever state the old one was in.
     */
    private void awaitEtcd(Set<String> podsBefore) {
        if (ctx.api().planning()) {
            ctx.info("Would wait up to " + timeout().toSeconds() + "s for the kubelet to start the new etcd");
            return;
        }
        long start = System.nanoTime();
        long deadline = start + timeout().toNanos();
        long nextProgress = start + Duration.ofSeconds(15).toNanos();
        while (etcdPods().stream().allMatch(podsBefore::contains)) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new KbootException.StepFailed("the kubelet had not started the new etcd after " + timeout().toSeconds()
                        + "s (no new Pod under /var/log/pods); see `journalctl -u kubelet` on " + host.name());
            }
            if (now > nextProgress) {
                ctx.info("still waiting for the kubelet to start the new etcd (" + (now - start) / 1_000_000_000L + "s of "
                        + timeout().toSeconds() + "s)");
                nextProgress = now + Duration.ofSeconds(15).toNanos();
            }
            Pause.sleep(Duration.ofSeconds(2));
        }
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(30).toNanos()));
        HealthCheck.await(host, List.of(health(Component.ETCD)), left, ctx::info);
    }

    /** The UIDs of this node's etcd static Pods whose etcd container has logged (the kubelet started it). */
    private Set<String> etcdPods() {
        String prefix = "/var/log/pods/kube-system_" + Component.ETCD.id() + "-" + ctx.node().nodeName() + "_";
        String out = host.exec(Command.query(ShellTemplate.of("upgrade/static-pod-uids.sh").word("prefix", prefix)
                .word("container", Component.ETCD.id()).render())).orFail(host, "listing etcd's Pods in /var/log/pods").stdout();
        return new HashSet<>(out.lines().filter(l -> !l.isBlank()).toList());
    }

    /** The new static Pod runs: its mirror Pod has a new config hash and is Ready, and its health endpoint answers. */
    private void awaitRunning(Component component, Optional<String> before) {
        if (ctx.api().planning()) {
            ctx.info("Would wait up to " + timeout().toSeconds() + "s for the new " + component.id() + " Pod to be Ready");
            return;
        }
        KubeApi once = ctx.api().once();
        String pod = component.id() + "-" + ctx.node().nodeName();
        ApiRetry.within(timeout()).reporting(ctx::info).until("the new " + component.id() + " Pod running",
                "the kubelet had not started the new " + component.id() + " (mirror Pod kube-system/" + pod
                        + " with a new config hash, Ready); see `journalctl -u kubelet` and `crictl ps -a` on " + host.name(),
                () -> once.get(POD, "kube-system", pod)
                        .filter(p -> !hash(p).equals(before) && Conditions.isTrue(p, "Ready")));
        HealthCheck.await(host, List.of(health(component)), timeout(), ctx::info);
    }

    private Optional<String> mirrorPodHash(Component component) {
        String pod = component.id() + "-" + ctx.node().nodeName();
        return ctx.api().get(POD, "kube-system", pod).flatMap(ControlPlaneUpgrade::hash);
    }

    private static Optional<String> hash(JsonNode pod) {
        JsonNode value = pod.path("metadata").path("annotations").path(CONFIG_HASH);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /**
     * Puts back every manifest moved so far (and etcd's data when etcd failed), waits for the old
     * control plane, and returns the failure saying what was rolled back.
     */
    private KbootException rollBack(Component failed, RuntimeException cause) {
        List<String> restored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Component> back = new ArrayList<>(swapped);
        if (failed == Component.ETCD && etcdBackedUp) {
            try {
                twice(this::restoreEtcd);
                restored.add("etcd's data directory");
            } catch (RuntimeException e) {
                problems.add("etcd's data was not restored: " + e.getMessage());
            }
        }
        for (Component c : reversed(swapped)) {
            try {
                twice(() -> host.exec(Command.change(ShellTemplate.of("upgrade/rollback-manifest.sh").word("backup", backup(c))
                        .word("current", manifest(c)).render())).orFail(host, "putting back the old " + c.id() + " manifest"));
                restored.add(c.id());
            } catch (RuntimeException e) {
                problems.add(c.id() + "'s old manifest was not put back: " + e.getMessage());
            }
        }
        ctx.warn(failed.id() + " failed: rolled back " + (restored.isEmpty() ? "nothing" : String.join(", ", restored))
                + "; waiting for the previous control plane");
        try {
            HealthCheck.await(host, back.stream().map(this::health).toList(), timeout(), ctx::info);
        } catch (RuntimeException e) {
            problems.add("the previous control plane is not healthy again: " + e.getMessage());
        }
        String what = "the upgrade of " + failed.id() + " to Kubernetes " + ctx.targetVersion() + " failed on " + host.name()
                + ": " + cause.getMessage() + "; rolled back " + (restored.isEmpty() ? "nothing" : String.join(", ", restored))
                + " (the old manifests are back in " + Defaults.MANIFESTS_DIR + ", backups in " + backupDir() + ")";
        return new KbootException.StepFailed(
                problems.isEmpty() ? what + ", and the previous control plane is healthy" : what + "; " + String.join("; ",
                        problems),
                cause);
    }

    /**
     * A rollback step, run again once if it failed: each is idempotent, and the connection to an
     * overloaded node may have been lost under it (the host reconnects on the next call).
     */
    private static void twice(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException first) {
            step.run();
        }
    }

    /**
     * kubeadm's rollbackEtcdData, with the failed etcd stopped first: its manifest leaves the
     * kubelet's directory, then the data is put back before the old manifest returns.
     */
    private void restoreEtcd() {
        String current = manifest(Component.ETCD);
        host.exec(Command.change(ShellTemplate.of("upgrade/stop-etcd.sh").word("current", current)
                .word("backup", backup(Component.ETCD)).word("failed", upgradedDir() + "/etcd.yaml.failed").render())
                .withTimeout(Duration.ofMinutes(3))).orFail(host, "stopping the new etcd");
        String dataDir = ctx.cluster().components().etcdDataDir();
        host.exec(Command.change(ShellTemplate.of("upgrade/restore-etcd.sh").word("dataDir", dataDir).word("backup", etcdBackup())
                .render()).withTimeout(Duration.ofMinutes(15))).orFail(host, "restoring etcd's data directory " + dataDir);
        host.exec(Command.change(ShellTemplate.of("upgrade/rollback-manifest.sh").word("backup", backup(Component.ETCD))
                .word("current", current).render())).orFail(host, "putting back the old etcd manifest");
        swapped.remove(Component.ETCD);
    }

    private static List<Component> reversed(List<Component> components) {
        List<Component> reversed = new ArrayList<>(components);
        Collections.reverse(reversed);
        return reversed;
    }

    private HealthCheck.Endpoint health(Component component) {
        return switch (component) {
            case ETCD -> new HealthCheck.Endpoint("etcd", "http", "127.0.0.1", 2381, "/readyz", null);
            case KUBE_APISERVER -> {
                String address = IpAddresses.format(ctx.node().advertiseAddress().orElseThrow());
                String ca = new String(host.read(ctx.cluster().pki().certificatesDir() + "/ca.crt").orElseThrow(
                        () -> new KbootException.StepFailed(host.name() + ": the cluster CA certificate is missing")),
                        StandardCharsets.UTF_8);
                yield new HealthCheck.Endpoint("kube-apiserver", "https", address, ctx.node().bindPort(), "/readyz",
                        ClientTls.trusting(ca, address));
            }
            case KUBE_CONTROLLER_MANAGER -> new HealthCheck.Endpoint("kube-controller-manager", "https", "127.0.0.1", 10257,
                    "/healthz", ClientTls.insecure());
            case KUBE_SCHEDULER -> new HealthCheck.Endpoint("kube-scheduler", "https", "127.0.0.1", 10259, "/livez",
                    ClientTls.insecure());
        };
    }

    private Duration timeout() {
        return ctx.settings().run().timeouts().upgradeManifests();
    }

    private static String manifest(Component component) {
        return Defaults.MANIFESTS_DIR + "/" + component.manifestFile();
    }

    private String backup(Component component) {
        return backupDir() + "/" + component.manifestFile();
    }

    String backupDir() {
        return TMP + "/kubeadm-backup-manifests-" + stamp;
    }

    private String upgradedDir() {
        return TMP + "/kubeadm-upgraded-manifests-" + stamp;
    }

    private String etcdBackupDir() {
        return TMP + "/kubeadm-backup-etcd-" + stamp;
    }

    private String etcdBackup() {
        return etcdBackupDir() + "/etcd";
    }
}
