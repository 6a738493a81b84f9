package io.kboot.init;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.api.Conditions;
import io.kboot.api.Resource;
import io.kboot.config.Restore;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.etcd.EtcdRestore;
import io.kboot.node.ControlPlaneMark;
import io.kboot.workflow.Phase;
import io.kboot.workflow.RunIf;
import java.util.List;
import java.util.Optional;

/**
 * restore (kinit master --restore-from): after the node is prepared (so the etcd image is there) and
 * before certs, the backup's shared PKI on the node, which the certs phase then keeps and issues this
 * node's certificates from, and etcd's data restored from the snapshot, which etcd/local's manifest
 * then starts on. Every later phase is a normal init's: it finds the cluster's objects already there.
 */
final class RestorePhases {
    private static final RunIf<InitContext> RESTORING =
            RunIf.when(ctx -> ctx.settings().bootstrap().restore().isPresent(), "--restore-from was not given");

    private RestorePhases() {}

    static Phase<InitContext> restore() {
        Phase<InitContext> group = Phase.group("restore",
                "Rebuild the cluster from a backup: its PKI, then etcd's data from its snapshot",
                Phase.leaf("pki", "Put the backup's CAs, keys and service-account key pair on the node", RestorePhases::pki),
                Phase.leaf("etcd", "Restore etcd's data directory from the backup's snapshot (etcdutl, new single-member"
                        + " cluster)", RestorePhases::etcd));
        return group.runIf(RESTORING);
    }

    private static void pki(InitContext ctx) {
        EtcdRestore.pki(ctx.host(), ctx.settings().pki().certificatesDir(), restore(ctx).unpacked(), ctx::info);
    }

    private static void etcd(InitContext ctx) {
        ControlPlaneSpec.Etcd etcd = ctx.controlPlaneNode().spec(ctx.host(), List.of()).etcd();
        EtcdRestore.data(ctx.host(), restore(ctx).unpacked(), etcd.imageRepository() + "/etcd:" + etcd.imageTag(),
                etcd.dataDir(), ctx.nodeName(), ctx.controlPlaneNode().etcdPeerUrl(), ctx::info);
    }

    /**
     * After the restored control plane answers: the Nodes the backup knew besides this one. Workers
     * whose kubelets hold certificates of the same CA come back by themselves; another control
     * plane's etcd member is gone with the old cluster, so it must be reset and joined again.
     */
    static Phase<InitContext> restoredNodes() {
        Phase<InitContext> leaf =
                Phase.leaf("restored-nodes", "List the backup's other Nodes and what each needs", RestorePhases::restoredNodes);
        return leaf.runIf(RESTORING);
    }

    private static void restoredNodes(InitContext ctx) {
        for (JsonNode node : ctx.api().list(Resource.of("v1", "Node"), null, Optional.empty())) {
            String name = node.path("metadata").path("name").asText();
            if (name.equals(ctx.nodeName())) {
                continue;
            }
            boolean controlPlane = node.path("metadata").path("labels").has(ControlPlaneMark.LABEL);
            if (controlPlane) {
                ctx.warn("Node " + name + " was a control plane: its etcd member is not in the restored cluster; reset it"
                        + " (kboot reset) and join it again with kjoin --control-plane");
            } else {
                ctx.info("Node " + name + " (" + (Conditions.isTrue(node, "Ready") ? "Ready" : "not Ready yet")
                        + "): a worker; its kubelet"
                        + " reconnects by itself");
            }
        }
    }

    /** Preflight's part: a node holding another cluster is refused before anything changes. */
    static void preflight(InitContext ctx) {
        ctx.settings().bootstrap().restore().ifPresent(r -> EtcdRestore.requireNoOtherCluster(ctx.host(),
                ctx.settings().pki().certificatesDir(), r.unpacked(), r.backup()));
    }

    private static Restore restore(InitContext ctx) {
        return ctx.settings().bootstrap().restore().orElseThrow();
    }
}
