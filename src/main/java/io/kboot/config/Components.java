package io.kboot.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the control-plane components and the kubelet run: etcd's data directory, extra arguments by
 * component ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"), the kubelet's
 * extra arguments, the KubeletConfiguration and KubeProxyConfiguration documents, the images the
 * components run, and which bundled addons the cluster has.
 */
public record Components(String etcdDataDir, Map<String, List<Kubeadm.Arg>> extraArgs, List<Kubeadm.Arg> kubeletExtraArgs,
        Optional<ObjectNode> kubeletConfiguration, Optional<ObjectNode> kubeProxyConfiguration, Images images,
        AddonSwitches addons) {

    public Components {
        extraArgs = Map.copyOf(extraArgs);
        kubeletExtraArgs = List.copyOf(kubeletExtraArgs);
    }

    /** The same components with etcd's data elsewhere and other extra arguments. */
    public Components withEtcdDataDir(String dir, Map<String, List<Kubeadm.Arg>> args) {
        return new Components(dir, args, kubeletExtraArgs, kubeletConfiguration, kubeProxyConfiguration, images, addons);
    }

    /** @param skipPhases the run's skipped phases: skipping an addon's phase disables the addon, as in kubeadm */
    static Components from(ConfigDocuments docs, Set<String> skipPhases) {
        Optional<Kubeadm.ClusterConfiguration> cluster = docs.clusterConfiguration();
        Optional<Kubeadm.LocalEtcd> etcd = cluster.map(Kubeadm.ClusterConfiguration::etcd).map(Kubeadm.Etcd::local);
        Map<String, List<Kubeadm.Arg>> extra = new HashMap<>();
        etcd.map(Kubeadm.LocalEtcd::extraArgs).ifPresent(a -> extra.put("etcd", a));
        cluster.map(Kubeadm.ClusterConfiguration::apiServer).map(Kubeadm.APIServer::extraArgs)
                .ifPresent(a -> extra.put("kube-apiserver", a));
        cluster.map(Kubeadm.ClusterConfiguration::controllerManager).map(Kubeadm.ControlPlaneComponent::extraArgs)
                .ifPresent(a -> extra.put("kube-controller-manager", a));
        cluster.map(Kubeadm.ClusterConfiguration::scheduler).map(Kubeadm.ControlPlaneComponent::extraArgs)
                .ifPresent(a -> extra.put("kube-scheduler", a));
        return new Components(
                etcd.map(Kubeadm.LocalEtcd::dataDir).orElse(Defaults.ETCD_DATA_DIR),
                extra,
                docs.init().map(Kubeadm.InitConfiguration::nodeRegistration).map(Kubeadm.NodeRegistration::kubeletExtraArgs)
                        .orElse(List.of()),
                docs.kubeletConfiguration(),
                docs.kubeProxyConfiguration(),
                Images.from(cluster),
                AddonSwitches.from(cluster, skipPhases));
    }
}
