package io.kboot.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.api.ApiConnection;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.Defaults;
import io.kboot.config.KubernetesVersion;
import io.kboot.controlplane.Component;
import io.kboot.host.Host;
import io.kboot.join.KubeadmConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs in a cluster, read-only through the API as the admin: the release kube-system/kubeadm-config's
 * ClusterConfiguration names (what kubeadm's upgrade reads and writes), per Node its kubelet and,
 * on control planes, the image tags of its static Pods' mirror Pods, and the CoreDNS Deployment's
 * and kube-proxy DaemonSet's image tags. The records are plain values: tests build them directly.
 *
 * @param configured the release kube-system/kubeadm-config's ClusterConfiguration names
 * @param nodes in the API's order (by name)
 * @param coreDns the image tag of the kube-system/coredns Deployment; empty when there is none
 * @param kubeProxy the image tag of the kube-system/kube-proxy DaemonSet; empty when there is none
 */
public record ClusterVersions(KubernetesVersion configured, List<NodeVersions> nodes, Optional<String> coreDns,
        Optional<String> kubeProxy) {
    /** The admin kubeconfig on a control plane, as kubeadm writes it. */
    public static final String ADMIN_CONF = Defaults.KUBERNETES_DIR + "/admin.conf";
    static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
    private static final String NAMESPACE = "kube-system";

    public ClusterVersions {
        nodes = List.copyOf(nodes);
    }

    /**
     * One Node.
     *
     * @param kubelet status.nodeInfo.kubeletVersion, as the kubelet reports it ("v1.36.3"); empty before it reported
     * @param staticPods on a control plane, the image tag of each static Pod's mirror Pod found
     */
    public record NodeVersions(String name, boolean controlPlane, Optional<String> kubelet, Map<Component, String> staticPods) {
        public NodeVersions {
            EnumMap<Component, String> copy = new EnumMap<>(Component.class);
            copy.putAll(staticPods);
            staticPods = Collections.unmodifiableMap(copy);
        }

        /** The image tag the component's mirror Pod runs on this node; empty for a worker or a Pod not found. */
        public Optional<String> image(Component component) {
            return Optional.ofNullable(staticPods.get(component));
        }
    }

    /** What runs, read through {@code api} (the admin's: it lists Nodes and Pods). */
    public static ClusterVersions read(KubeApi api) {
        KubernetesVersion configured = KubeadmConfig.kubernetesVersion(api);
        JsonNode nodes = api.list(Resource.of("v1", "Node"), null, Optional.empty());
        JsonNode pods = api.listLabeled(Resource.of("v1", "Pod"), NAMESPACE, "tier=control-plane");
        Optional<String> coreDns = api.get(Resource.of("apps/v1", "Deployment"), NAMESPACE, "coredns")
                .flatMap(d -> podImage(d.path("spec").path("template"), "coredns"));
        Optional<String> kubeProxy = api.get(Resource.of("apps/v1", "DaemonSet"), NAMESPACE, "kube-proxy")
                .flatMap(d -> podImage(d.path("spec").path("template"), "kube-proxy"));
        return of(configured, nodes, pods, coreDns, kubeProxy);
    }

    /** What runs in the cluster of a control plane, read with its {@link #ADMIN_CONF} through the node (SSH). */
    public static ClusterVersions read(Host controlPlane) {
        return read(controlPlane, ADMIN_CONF);
    }

    /** As {@link #read(Host)} with another kubeconfig on the node. */
    public static ClusterVersions read(Host controlPlane, String kubeconfigPath) {
        try (ApiConnection admin = ApiConnection.open(controlPlane, kubeconfigPath)) {
            return read(admin.api());
        }
    }

    /**
     * From the API's objects: the Node list, the kube-system Pods labelled tier=control-plane
     * (kubeadm's static Pods carry component=NAME and tier=control-plane, and their mirror Pods are
     * named NAME-NODE), and the add-ons' image tags.
     */
    static ClusterVersions of(KubernetesVersion configured, JsonNode nodeList, JsonNode controlPlanePods,
            Optional<String> coreDns, Optional<String> kubeProxy) {
        List<NodeVersions> nodes = new ArrayList<>();
        for (JsonNode node : nodeList) {
            String name = node.path("metadata").path("name").asText();
            boolean controlPlane = node.path("metadata").path("labels").has(CONTROL_PLANE_LABEL);
            String kubelet = node.path("status").path("nodeInfo").path("kubeletVersion").asText("");
            Map<Component, String> images = new EnumMap<>(Component.class);
            if (controlPlane) {
                for (Component component : Component.values()) {
                    mirrorPod(controlPlanePods, component, name).flatMap(pod -> podImage(pod, component.id()))
                            .ifPresent(tag -> images.put(component, tag));
                }
            }
            nodes.add(new NodeVersions(name, controlPlane, kubelet.isEmpty() ? Optional.empty() : Optional.of(kubelet), images));
        }
        return new ClusterVersions(configured, nodes, coreDns, kubeProxy);
    }

    private static Optional<JsonNode> mirrorPod(JsonNode pods, Component component, String node) {
        for (JsonNode pod : pods) {
            JsonNode metadata = pod.path("metadata");
            boolean named = metadata.path("name").asText().equals(component.id() + "-" + node);
            boolean labelled = metadata.path("labels").path("component").asText().equals(component.id())
                    && pod.path("spec").path("nodeName").asText().equals(node);
            if (named || labelled) {
                return Optional.of(pod);
            }
        }
        return Optional.empty();
    }

    /** The image tag of the Pod (template)'s container of that name, else of its first container. */
    static Optional<String> podImage(JsonNode pod, String container) {
        JsonNode containers = pod.path("spec").path("containers");
        for (JsonNode c : containers) {
            if (c.path("name").asText().equals(container)) {
                return Optional.of(imageTag(c.path("image").asText()));
            }
        }
        return containers.size() == 0 ? Optional.empty() : Optional.of(imageTag(containers.get(0).path("image").asText()));
    }

    /**
     * The tag of an image reference: "registry.k8s.io/etcd:3.6.8-0" is "3.6.8-0", "mirror:5000/pause"
     * is "latest" (a port is not a tag), a digest is left off.
     */
    static String imageTag(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String name = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        int colon = name.indexOf(':');
        return colon < 0 ? "latest" : name.substring(colon + 1);
    }

    public List<NodeVersions> controlPlanes() {
        return nodes.stream().filter(NodeVersions::controlPlane).toList();
    }

    public Optional<NodeVersions> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
