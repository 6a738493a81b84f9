package io.kboot.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.KbootException;
import io.kboot.api.Conditions;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.controlplane.Component;
import io.kboot.join.KubeadmConfig;
import io.kboot.preflight.Check;
import io.kboot.preflight.CheckResult;
import io.kboot.preflight.Checks;
import io.kboot.preflight.Preflight;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm upgrade's preflight on one node, named as kubeadm names its checks so that
 * {@code --ignore-preflight-errors} means the same, after the bundle is checked for the target's images
 * (exit 2): root; on a control plane its static Pod
 * manifests (StaticPodManifest); the cluster's health as the API shows it: every control-plane
 * Node Ready (ControlPlaneNodesReady), every etcd member's Pod Ready (EtcdHealthy). Before them, the
 * version skew policy ({@link SkewPolicy}), whose refusals are bad input (exit 2), not checks.
 */
final class UpgradePreflight {
    private static final Resource NODE = Resource.of("v1", "Node");
    private static final Resource POD = Resource.of("v1", "Pod");

    private UpgradePreflight() {}

    static void run(UpgradeContext ctx) {
        // The bundle's images of the target, known once the cluster's image repository is: before any change.
        ctx.hostPrep().artifacts().requireFits(ctx.targetVersion(), ctx.cluster().cluster().imageRepository());
        requireSkewPolicy(ctx);
        List<Check> checks = new ArrayList<>(List.of(Checks.privilegedUser()));
        LocalNode node = ctx.node();
        if (node.controlPlane()) {
            for (Component c : Component.values()) {
                String file = c.manifestFile();
                checks.add(Check.of("StaticPodManifest", f -> f.staticPodManifests().contains(file) ? CheckResult.OK
                        : CheckResult.error("the static Pod manifest " + file + " is missing from the control plane")));
            }
        }
        KubeApi api = ctx.api();
        CheckResult nodesReady = controlPlaneNodesReady(api);
        CheckResult etcdReady = etcdPodsReady(api);
        checks.add(Check.of("ControlPlaneNodesReady", f -> nodesReady));
        checks.add(Check.of("EtcdHealthy", f -> etcdReady));
        Preflight.run(ctx.host().name(), ctx.facts(), checks, ctx.settings().run().ignorePreflightErrors(), ctx.reporter());
    }

    /**
     * kubeadm's version skew policy, read-only and before any change (exit 2 naming the rule): for
     * the first control plane every rule over what runs; for the other nodes, that the first control
     * plane is at the bundle's release already.
     */
    static void requireSkewPolicy(UpgradeContext ctx) {
        KubeApi api = ctx.api();
        if (ctx.firstControlPlane()) {
            SkewPolicy.check(ClusterVersions.read(api), ctx.targetVersion(), Optional.of(ctx.targetVersion()))
                    .enforce(ctx.settings().force(), ctx::warn);
            return;
        }
        SkewPolicy.Verdict order =
                SkewPolicy.firstControlPlaneUpgraded(KubeadmConfig.kubernetesVersion(api), ctx.targetVersion());
        if (order.blocks(ctx.settings().force())) {
            throw new KbootException.InvalidInput(order.describe());
        }
    }

    static CheckResult controlPlaneNodesReady(KubeApi api) {
        List<String> notReady = new ArrayList<>();
        for (JsonNode node : api.listLabeled(NODE, null, "node-role.kubernetes.io/control-plane")) {
            if (!Conditions.isTrue(node, "Ready")) {
                notReady.add(node.path("metadata").path("name").asText());
            }
        }
        return notReady.isEmpty() ? CheckResult.OK
                : CheckResult.error("there are NotReady control-planes in the cluster: " + String.join(", ", notReady));
    }

    static CheckResult etcdPodsReady(KubeApi api) {
        List<String> notReady = new ArrayList<>();
        for (JsonNode pod : api.listLabeled(POD, "kube-system", "component=etcd")) {
            if (!Conditions.isTrue(pod, "Ready")) {
                notReady.add(pod.path("metadata").path("name").asText());
            }
        }
        return notReady.isEmpty() ? CheckResult.OK
                : CheckResult.error("etcd members are not healthy (Pods not Ready): " + String.join(", ", notReady));
    }

}
