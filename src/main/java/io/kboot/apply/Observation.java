package io.kboot.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.api.Conditions;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a run found before acting, all of it read-only: on which control plane the API server
 * answers, the cluster's Nodes, kboot's state ConfigMap and the release it runs (all only when it
 * answers), and per host the files and the kubelet that tell whether it already belongs to a cluster.
 *
 * @param apiHost the first control plane (in file order) whose API server answered as the admin
 * @param hosts by {@link HostSpec#name()}
 * @param runningVersion the release the cluster runs, as kube-system/kubeadm-config's ClusterConfiguration says
 *     (what a file with another kubernetesVersion upgrades from); empty when nothing answers or it has none
 */
public record Observation(Optional<String> apiHost, Map<String, NodeStatus> nodes, Optional<ClusterState> state,
        Map<String, HostProbe> hosts, Optional<KubernetesVersion> runningVersion) {

    public Observation {
        nodes = Map.copyOf(nodes);
        hosts = Map.copyOf(hosts);
    }

    /** Without a known running release. */
    public Observation(Optional<String> apiHost, Map<String, NodeStatus> nodes, Optional<ClusterState> state,
            Map<String, HostProbe> hosts) {
        this(apiHost, nodes, state, hosts, Optional.empty());
    }

    /**
     * One host as found.
     *
     * @param nodeName the Node name it has or would get
     * @param adminConf /etc/kubernetes/admin.conf exists: it is, or was meant to be, a control plane
     * @param kubeletConf /etc/kubernetes/kubelet.conf exists: its kubelet has joined some cluster
     */
    public record HostProbe(String nodeName, boolean adminConf, boolean kubeletConf, boolean kubeletActive) {}

    /** A Node of the cluster, reduced to what planning looks at. */
    public record NodeStatus(String name, boolean ready, boolean controlPlane, Map<String, String> labels,
            List<Kubeadm.Taint> taints, String kubeletVersion) {
        public NodeStatus {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
            taints = List.copyOf(taints);
        }

        /** A Node whose kubelet version does not matter (planning joins). */
        public NodeStatus(String name, boolean ready, boolean controlPlane, Map<String, String> labels,
                List<Kubeadm.Taint> taints) {
            this(name, ready, controlPlane, labels, taints, "");
        }

        /** From a Node object of the API. */
        public static NodeStatus of(JsonNode node) {
            Map<String, String> labels = new TreeMap<>();
            node.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            List<Kubeadm.Taint> taints = new ArrayList<>();
            for (JsonNode t : node.path("spec").path("taints")) {
                taints.add(new Kubeadm.Taint(t.path("key").asText(), t.hasNonNull("value") ? t.get("value").asText() : null,
                        t.path("effect").asText(), null));
            }
            return new NodeStatus(node.path("metadata").path("name").asText(), Conditions.isTrue(node, "Ready"),
                    labels.containsKey(NodeMarks.CONTROL_PLANE_LABEL), labels, taints,
                    node.path("status").path("nodeInfo").path("kubeletVersion").asText(""));
        }
    }

    /** Nothing answered and nothing is there: a cluster yet to be made. */
    public static Observation fresh(Map<String, HostProbe> hosts) {
        return new Observation(Optional.empty(), Map.of(), Optional.empty(), hosts);
    }
}
