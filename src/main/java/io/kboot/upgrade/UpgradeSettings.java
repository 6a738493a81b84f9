package io.kboot.upgrade;

import io.kboot.config.KubernetesVersion;
import io.kboot.config.RunOptions;
import io.kboot.drain.DrainOptions;

/**
 * How one node's upgrade goes, from the command line (or apply's cluster file).
 *
 * @param target the release the node is upgraded to: the bundle's
 * @param run skipped phases, the user's patches (applied to the new manifests and kubelet
 *     configuration, as kubeadm's --patches), and the waits' bounds (timeouts.upgradeManifests
 *     for each new static Pod)
 * @param certificateRenewal renew each component's certificates before its manifest changes, and
 *     admin.conf and super-admin.conf after (kubeadm's --certificate-renewal, default true)
 * @param etcdUpgrade upgrade the local etcd too (kubeadm's --etcd-upgrade, default true)
 * @param force pass the skew policy's skippable refusals (kubeadm's --force)
 * @param drain how the node is drained before its kubelet restarts
 */
public record UpgradeSettings(KubernetesVersion target, RunOptions run, boolean certificateRenewal, boolean etcdUpgrade,
        boolean force, DrainOptions drain) {}
