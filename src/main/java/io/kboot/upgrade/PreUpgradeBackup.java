package io.kboot.upgrade;

import io.kboot.etcd.EtcdBackup;
import io.kboot.etcd.NodeBackups;
import io.kboot.hostprep.HostPaths;
import java.time.Clock;

/**
 * etcd-snapshot: before the first control plane changes, a backup of etcd with the shared CAs and the
 * ClusterConfiguration, kept on the node ({@link NodeBackups}). kubeadm's own copy of etcd's data
 * directory (taken by control-plane, put back on a failed etcd upgrade) is for the rollback; this
 * one is for an operator who must rebuild: {@code kinit master --restore-from} takes it as it is.
 */
final class PreUpgradeBackup {
    private PreUpgradeBackup() {}

    static void run(UpgradeContext ctx) {
        String clusterConfiguration = ClusterConfig.clusterConfiguration(ctx.api());
        String path = NodeBackups.keep(new EtcdBackup.Source(ctx.target().host(), HostPaths.SYSTEM, clusterConfiguration),
                "before-" + ctx.targetVersion(), ctx.target().reporter(), Clock.systemUTC());
        ctx.info("Backed up etcd, the shared CAs and the ClusterConfiguration to " + path + " (the newest "
                + NodeBackups.KEEP + " in " + NodeBackups.DIR + " are kept)");
    }
}
