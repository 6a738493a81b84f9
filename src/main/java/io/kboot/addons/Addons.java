package io.kboot.addons;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.api.KubeApi;
import io.kboot.templates.Templates;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The cluster addons kubeadm installs, as the API objects it creates: CoreDNS (ConfigMap with the
 * Corefile, RBAC, Deployment, Service {@code kube-dns} on the tenth address of the service
 * network) and kube-proxy (ConfigMap, DaemonSet, RBAC). Templates under {@code templates/addons}
 * hold them; golden tests keep them equal to what kubeadm v1.36.3 creates.
 */
public final class Addons {
    /** kboot-netd, built from scripts/k8s/kboot-netd and shipped in the offline bundle. */
    public static final String NETD_IMAGE = "kboot.local/kboot-netd:1";

    private Addons() {}

    /**
     * Creates or updates CoreDNS's objects as kubeadm does: the ConfigMap only when absent (the
     * Corefile is the user's to change, and kubeadm keeps an existing one), the Deployment as the
     * user's patches leave it, the rest as rendered.
     */
    public static void installCoreDns(KubeApi api, List<ObjectNode> objects, UnaryOperator<ObjectNode> patchDeployment) {
        for (ObjectNode object : objects) {
            switch (object.path("kind").asText()) {
                case "ConfigMap" -> api.createIfAbsent(object);
                case "Deployment" -> api.createOrUpdate(patchDeployment.apply(object));
                default -> api.createOrUpdate(object);
            }
        }
    }

    /** @param image e.g. registry.k8s.io/coredns/coredns:v1.14.2 */
    public static List<ObjectNode> coreDns(String image, String dnsDomain, String dnsIp) {
        return Templates.renderTrees("addons/coredns.yaml", Map.of("image", image, "dnsDomain", dnsDomain, "dnsIP", dnsIp));
    }

    /**
     * @param server      the API server URL kube-proxy uses (the control-plane endpoint)
     * @param clusterCidr the pod network, or "" when none was given (kube-proxy then does not masquerade by CIDR)
     */
    public static List<ObjectNode> kubeProxy(String image, String server, String clusterCidr) {
        List<ObjectNode> objects = Templates.renderTrees("addons/kube-proxy.yaml",
                Map.of("image", image, "server", server, "clusterCIDR", clusterCidr.isEmpty() ? "\"\"" : clusterCidr));
        objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")).forEach(ComponentConfigHash::annotate);
        return objects;
    }

    /**
     * kboot's built-in pod network: the kboot-netd DaemonSet (CNI bridge + host-local with each
     * node's pod CIDR, routes between nodes). Works offline; needs a pod network CIDR.
     */
    public static List<ObjectNode> builtInNetwork(String image, String server) {
        return Templates.renderTrees("addons/kboot-network.yaml", Map.of("image", image, "server", server));
    }
}
