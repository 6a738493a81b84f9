package io.kboot.upgrade;

import io.kboot.KbootException;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import java.util.Optional;

/**
 * The cluster's configuration as the upgrade needs it: kube-system/kubeadm-config's
 * ClusterConfiguration (what kinit master or kubeadm init stored, the user's extra arguments
 * included), at the target release, with this node's name, address, port and CRI socket, as
 * kubeadm's upgrade reads it (FetchInitConfigurationFromCluster).
 */
public final class ClusterConfig {
    static final Resource CONFIG_MAP = Resource.of("v1", "ConfigMap");

    private ClusterConfig() {}

    static InitSettings read(KubeApi api, LocalNode node, UpgradeSettings settings) {
        return from(clusterConfiguration(api), node, settings);
    }

    /** @param clusterConfiguration the ClusterConfiguration document kube-system/kubeadm-config holds */
    static InitSettings from(String clusterConfiguration, LocalNode node, UpgradeSettings settings) {
        ConfigDocuments docs = ConfigLoader.parse("kube-system/kubeadm-config", clusterConfiguration);
        InitSettings.Flags flags = new InitSettings.Flags();
        flags.kubernetesVersion = Optional.of(settings.target());
        flags.node.name = Optional.of(node.nodeName());
        flags.node.advertiseAddress = node.advertiseAddress();
        flags.node.bindPort = Optional.of(node.bindPort());
        flags.node.criSocket = Optional.of(node.criSocket());
        return InitSettings.from(docs, flags).withRun(settings.run());
    }

    /** kube-system/kubeadm-config's ClusterConfiguration document, as stored. */
    public static String clusterConfiguration(KubeApi api) {
        return api.get(CONFIG_MAP, "kube-system", "kubeadm-config")
                .map(cm -> cm.path("data").path("ClusterConfiguration").asText(""))
                .filter(t -> !t.isBlank())
                .orElseThrow(() -> new KbootException.StepFailed("the cluster has no kube-system/kubeadm-config ConfigMap"
                        + " with a ClusterConfiguration; was it made by kinit master or kubeadm init?"));
    }
}
