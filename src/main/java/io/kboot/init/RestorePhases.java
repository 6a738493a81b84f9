package io.kboot.init;

import io.kboot.config.Restore;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.etcd.EtcdRestore;
import io.kboot.workflow.Phase;
import io.kboot.workflow.RunIf;
import java.util.List;

/**
 * restore (kinit master --restore-from): after the node is prepared (so the etcd image is there) and
 * before certs, the backup's shared PKI on the node, which the certs phase then keeps and issues this
 * node's certificates from, and etcd's data restored from the snapshot, which etcd/local's manifest
 * then starts on. Every later phase is a normal init's: it finds the cluster's objects already there.
 */
final class RestorePhases {
    private RestorePhases() {}

    static Phase<InitContext> restore() {
        Phase<InitContext> group = Phase.group("restore",
                "Rebuild the cluster from a backup: its PKI, then etcd's data from its snapshot",
                Phase.leaf("pki", "Put the backup's CAs, keys and service-account key pair on the node", RestorePhases::pki),
                Phase.leaf("etcd", "Restore etcd's data directory from the backup's snapshot (etcdutl, new single-member"
                        + " cluster)", RestorePhases::etcd));
        return group.runIf(RunIf.when(ctx -> ctx.settings().bootstrap().restore().isPresent(), "--restore-from was not given"));
    }

    private static void pki(InitContext ctx) {
        EtcdRestore.pki(ctx.host(), ctx.settings().pki().certificatesDir(), restore(ctx).unpacked(), ctx::info);
    }

    private static void etcd(InitContext ctx) {
        ControlPlaneSpec.Etcd etcd = ctx.controlPlaneNode().spec(ctx.host(), List.of()).etcd();
        EtcdRestore.data(ctx.host(), restore(ctx).unpacked(), etcd.imageRepository() + "/etcd:" + etcd.imageTag(),
                etcd.dataDir(), ctx.nodeName(), ctx.controlPlaneNode().etcdPeerUrl(), ctx::info);
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
