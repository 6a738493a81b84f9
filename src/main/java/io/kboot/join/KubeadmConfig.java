package io.kboot.join;

import io.kboot.KbootException;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.config.NodeSettings;
import java.util.Optional;

/**
 * The cluster's ClusterConfiguration from kube-system/kubeadm-config (readable with the bootstrap
 * token through kubeadm:nodes-kubeadm-config), as settings for a joining control plane: the
 * cluster's, with this node's name, address, port and CRI socket.
 */
final class KubeadmConfig {
    private KubeadmConfig() {}

    static InitSettings read(KubeApi api, NodeSettings node) {
        String text = api.get(Resource.of("v1", "ConfigMap"), "kube-system", "kubeadm-config")
                .map(cm -> cm.path("data").path("ClusterConfiguration").asText(""))
                .filter(t -> !t.isEmpty())
                .orElseThrow(() -> new KbootException.StepFailed("the cluster has no kube-system/kubeadm-config ConfigMap"
                        + " with a ClusterConfiguration; was the control plane made by kinit master or kubeadm init?"));
        ConfigDocuments docs = ConfigLoader.parse("kube-system/kubeadm-config", text);
        InitSettings.Flags flags = new InitSettings.Flags();
        flags.node.name = node.name();
        flags.node.advertiseAddress = node.advertiseAddress();
        flags.node.bindPort = Optional.of(node.bindPort());
        flags.node.criSocket = Optional.of(node.criSocket());
        InitSettings cluster = InitSettings.from(docs, flags);
        if (cluster.cluster().controlPlaneEndpoint().isEmpty()) {
            throw new KbootException.InvalidInput("cannot add a control plane to a cluster without a stable controlPlaneEndpoint"
                    + " (kube-system/kubeadm-config has none): the nodes' kubeconfigs point at the first control plane only."
                    + " Make the first control plane with --control-plane-endpoint (as kubeadm requires)");
        }
        return cluster;
    }
}
