package io.kboot.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.api.ApiRetry;
import io.kboot.api.Conditions;
import io.kboot.api.HealthCheck;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.drain.Drain;
import io.kboot.drain.DrainOptions;
import io.kboot.host.Command;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.hostprep.ContainerdStep;
import io.kboot.hostprep.KubeletStep;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.join.JoinPhases;
import io.kboot.node.NodeFiles;
import io.kboot.patches.PatchTarget;
import io.kboot.script.ShellTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's kubelet at the target release: kubeadm upgrade's kubelet-config phase (the cluster's
 * kube-system/kubelet-config written over /var/lib/kubelet/config.yaml, with the user's
 * kubeletconfiguration patches, the old file kept in /etc/kubernetes/tmp/kubeadm-kubelet-config-STAMP),
 * then what kubeadm leaves to the operator: drain the node, replace kubelet and kubectl (and
 * containerd and runc when the bundle's differ) through host preparation, which journals them so
 * {@code kboot reset} still restores the node, restart the kubelet, wait for the Node Ready at the
 * new version, uncordon.
 *
 * <p>A node kboot cordoned carries the annotation {@link #DRAINED}, so a run stopped between the
 * drain and the uncordon finishes the job when run again.
 */
final class KubeletUpgrade {
    static final String DRAINED = "kboot.io/drained-for-upgrade";
    private static final Resource NODE = Resource.of("v1", "Node");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private KubeletUpgrade() {}

    /** @return whether the configuration changed (the kubelet must restart to read it) */
    static boolean writeConfig(UpgradeContext ctx) {
        Host host = ctx.host();
        String criSocket = ctx.node().criSocket();
        NodeFiles.reportPatches(host, ctx.reporter(), ctx.settings().run().patches(), PatchTarget.KUBELET_CONFIGURATION);
        String desired = KubeletFiles.patched(JoinPhases.withRuntimeEndpoint(JoinPhases.readKubeletConfig(ctx.api()), criSocket),
                ctx.settings().run().patches());
        Optional<String> current = host.read(KubeletFiles.CONFIG).map(b -> new String(b, StandardCharsets.UTF_8));
        if (current.filter(desired::equals).isPresent()) {
            ctx.info("The kubelet configuration " + KubeletFiles.CONFIG + " is already the cluster's");
            return false;
        }
        String backupDir = ControlPlaneUpgrade.TMP + "/kubeadm-kubelet-config-"
                + ControlPlaneUpgrade.STAMP.format(Clock.systemUTC().instant());
        if (current.isPresent()) {
            host.exec(Command.change(ShellTemplate.of("upgrade/backup-kubelet-config.sh").word("backupDir", backupDir)
                    .word("config", KubeletFiles.CONFIG).render())).orFail(host, "backing up " + KubeletFiles.CONFIG);
        }
        NodeFiles.writeIfChanged(host, KubeletFiles.CONFIG, desired, FileAttributes.PUBLIC);
        ctx.info("Wrote the cluster's kubelet configuration to " + KubeletFiles.CONFIG
                + (current.isPresent() ? " (the previous one is in " + backupDir + ")" : ""));
        return true;
    }

    static void upgrade(UpgradeContext ctx, boolean configChanged) {
        KubeApi api = ctx.api();
        String node = ctx.node().nodeName();
        // Both the binary and the kubelet that runs: a run stopped after the binary was replaced left the old one running.
        String target = ctx.targetVersion().toString();
        boolean atTarget = ctx.node().kubeletVersion().filter(v -> v.equals(ctx.targetVersion())).isPresent()
                && api.get(NODE, null, node).filter(n -> n.path("status").path("nodeInfo").path("kubeletVersion").asText()
                        .equals(target)).isPresent();
        if (atTarget && !configChanged) {
            ctx.info("The kubelet already runs " + ctx.targetVersion() + " with the cluster's configuration");
            uncordonIfDrained(ctx, api, node);
            return;
        }
        DrainOptions drain = ctx.settings().drain();
        if (drain.enabled() && api.planning()) {
            ctx.info("Would drain " + node + " (up to " + drain.timeout().toSeconds() + "s), then uncordon it");
        } else if (drain.enabled()) {
            ctx.info("Draining " + node + " (up to " + drain.timeout().toSeconds() + "s)");
            boolean ours = markDrained(api, node, ctx);
            try {
                ctx.info(Drain.drain(api, node, drain, ctx::info).summary());
            } catch (RuntimeException e) {
                // The drain uncordoned what it cordoned: nothing is left for a later run to undo.
                if (ours) {
                    clearMark(api, node);
                }
                throw e;
            }
        } else {
            ctx.info("Not draining " + node + " (--no-drain): its pods keep running while the kubelet restarts");
        }
        NodePrepContext prep = ctx.prep();
        new ContainerdStep().run(prep);
        new KubeletStep().run(prep);
        ctx.info("Restarting the kubelet");
        NodeFiles.restartKubelet(ctx.host());
        HealthCheck.await(ctx.host(), List.of(HealthCheck.KUBELET), ctx.settings().run().timeouts().kubeletHealthCheck(),
                ctx::info);
        awaitReady(ctx, api, node);
        if (ctx.node().controlPlane()) {
            ControllersActive.await(api, ctx.settings().run().timeouts().controlPlaneComponentHealthCheck(), ctx::info);
        }
        uncordonIfDrained(ctx, api, node);
    }

    /** The Node Ready, its kubelet reporting the target version. */
    private static void awaitReady(UpgradeContext ctx, KubeApi api, String node) {
        String version = ctx.targetVersion().toString();
        if (api.planning()) {
            ctx.info("Would wait for the Node " + node + " to be Ready with kubelet " + version);
            return;
        }
        Duration bound = ctx.settings().run().timeouts().kubeletHealthCheck();
        KubeApi once = api.once();
        ApiRetry.within(bound).reporting(ctx::info).until("the Node " + node + " Ready with kubelet " + version,
                "the Node " + node + " was not Ready with kubelet " + version + " (see `journalctl -u kubelet` on "
                        + ctx.host().name() + ")",
                () -> once.get(NODE, null, node).filter(n -> n.path("status").path("nodeInfo").path("kubeletVersion").asText()
                        .equals(version) && Conditions.isTrue(n, "Ready")));
        ctx.info("The Node " + node + " is Ready with kubelet " + version);
    }

    /**
     * Records on the Node that kboot cordons it, so that a later run knows to uncordon it; false for a
     * Node someone else cordoned, which stays cordoned.
     */
    private static boolean markDrained(KubeApi api, String node, UpgradeContext ctx) {
        JsonNode current = api.get(NODE, null, node).orElseThrow();
        if (current.path("spec").path("unschedulable").asBoolean(false)
                && !current.path("metadata").path("annotations").has(DRAINED)) {
            ctx.warn("the Node " + node + " was already cordoned before the upgrade: it stays cordoned afterwards");
            return false;
        }
        ObjectNode patch = JSON.objectNode();
        patch.putObject("metadata").putObject("annotations").put(DRAINED, ctx.targetVersion().toString());
        api.mergePatch(NODE, null, node, patch);
        return true;
    }

    private static void clearMark(KubeApi api, String node) {
        ObjectNode patch = JSON.objectNode();
        patch.putObject("metadata").putObject("annotations").putNull(DRAINED);
        api.mergePatch(NODE, null, node, patch);
    }

    private static void uncordonIfDrained(UpgradeContext ctx, KubeApi api, String node) {
        boolean ours = api.get(NODE, null, node).map(n -> n.path("metadata").path("annotations").has(DRAINED)).orElse(false);
        if (!ours) {
            return;
        }
        Drain.uncordon(api, node);
        clearMark(api, node);
        ctx.info("Uncordoned " + node);
    }
}
