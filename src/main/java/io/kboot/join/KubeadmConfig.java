package io.kboot.join;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kboot.KbootException;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.NodeSettings;
import java.util.Optional;

/**
 * The cluster's ClusterConfiguration from kube-system/kubeadm-config (readable with the bootstrap
 * token through kubeadm:nodes-kubeadm-config): its release, which every node runs, and for a
 * joining control plane the settings: the cluster's, with this node's name, address, port and CRI
 * socket.
 */
public final class KubeadmConfig {
    static final String WHERE = "kube-system/kubeadm-config";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private KubeadmConfig() {}

    static InitSettings read(KubeApi api, NodeSettings node) {
        ConfigDocuments docs = ConfigLoader.parse(WHERE, clusterConfiguration(api));
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

    /**
     * The release the cluster runs, as its ClusterConfiguration says (kubeadm's upgrade apply
     * writes the new one there once the first control plane is upgraded): for every node, also
     * workers, whatever else the document holds.
     *
     * @throws KbootException.StepFailed when there is no ClusterConfiguration or it names no valid release
     */
    public static KubernetesVersion kubernetesVersion(KubeApi api) {
        return kubernetesVersion(clusterConfiguration(api));
    }

    /** The kubernetesVersion of a ClusterConfiguration document, read leniently: only that field must be valid. */
    static KubernetesVersion kubernetesVersion(String clusterConfiguration) {
        JsonNode version;
        try {
            version = YAML.readTree(clusterConfiguration).path("kubernetesVersion");
        } catch (JsonProcessingException e) {
            throw new KbootException.StepFailed(WHERE + ": its ClusterConfiguration is not YAML: " + e.getOriginalMessage());
        }
        if (!version.isTextual()) {
            throw new KbootException.StepFailed(WHERE + ": its ClusterConfiguration has no kubernetesVersion");
        }
        try {
            return KubernetesVersion.parse(version.asText());
        } catch (IllegalArgumentException e) {
            throw new KbootException.StepFailed(WHERE + ": ClusterConfiguration kubernetesVersion " + e.getMessage());
        }
    }

    private static String clusterConfiguration(KubeApi api) {
        return api.get(Resource.of("v1", "ConfigMap"), "kube-system", "kubeadm-config")
                .map(cm -> cm.path("data").path("ClusterConfiguration").asText(""))
                .filter(t -> !t.isEmpty())
                .orElseThrow(() -> new KbootException.StepFailed("the cluster has no " + WHERE + " ConfigMap"
                        + " with a ClusterConfiguration; was the control plane made by kinit master or kubeadm init?"));
    }
}
