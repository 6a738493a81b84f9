package io.kboot.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.config.Kubeadm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The labels and taints the cluster file gives a host, put on its Node with a merge patch as the
 * admin once the Node exists, not as kubelet flags: the NodeRestriction admission plugin forbids
 * a kubelet to set labels under kubernetes.io and k8s.io (such as
 * {@code node-role.kubernetes.io/worker}), and {@code --node-labels}/{@code --register-with-taints}
 * act only when the Node is first registered, so a label added to the file later would never
 * arrive. A patch converges on every apply. A new Node carries the
 * {@code node.kubernetes.io/not-ready} taint until its network is up, and the patch follows its
 * registration at once, so no Pod lands on it before its taints. Only additions: labels and taints
 * others put on a Node are left alone, and so are those removed from the file.
 */
public final class NodeMarks {
    public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NodeMarks() {}

    /** The wanted labels the Node lacks or has with another value. */
    public static Map<String, String> missingLabels(Map<String, String> current, Map<String, String> wanted) {
        Map<String, String> missing = new TreeMap<>();
        wanted.forEach((key, value) -> {
            if (!value.equals(current.get(key))) {
                missing.put(key, value);
            }
        });
        return missing;
    }

    /** The wanted taints the Node lacks: a taint is its key and effect; one with another value counts as missing. */
    public static List<Kubeadm.Taint> missingTaints(List<Kubeadm.Taint> current, List<Kubeadm.Taint> wanted) {
        return wanted.stream().filter(w -> current.stream().noneMatch(c -> sameTaint(c, w) && Objects.equals(value(c), value(w))))
                .toList();
    }

    /**
     * The merge patch that adds them, or empty when the Node has everything. A merge patch
     * replaces the whole taint list, so it carries the Node's own taints too (one with the same
     * key and effect replaced by the wanted one).
     */
    public static Optional<ObjectNode> patch(JsonNode node, Map<String, String> labels, List<Kubeadm.Taint> taints) {
        Observation.NodeStatus current = Observation.NodeStatus.of(node);
        Map<String, String> addLabels = missingLabels(current.labels(), labels);
        List<Kubeadm.Taint> addTaints = missingTaints(current.taints(), taints);
        if (addLabels.isEmpty() && addTaints.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode patch = NODES.objectNode();
        if (!addLabels.isEmpty()) {
            ObjectNode labelPatch = patch.putObject("metadata").putObject("labels");
            addLabels.forEach(labelPatch::put);
        }
        if (!addTaints.isEmpty()) {
            ArrayNode list = patch.putObject("spec").putArray("taints");
            for (JsonNode t : node.path("spec").path("taints")) {
                Kubeadm.Taint own = new Kubeadm.Taint(t.path("key").asText(), null, t.path("effect").asText(), null);
                if (addTaints.stream().noneMatch(w -> sameTaint(own, w))) {
                    list.add(t.deepCopy());
                }
            }
            for (Kubeadm.Taint t : addTaints) {
                ObjectNode added = list.addObject().put("key", t.key()).put("effect", t.effect());
                if (value(t) != null) {
                    added.put("value", t.value());
                }
            }
        }
        return Optional.of(patch);
    }

    /** "key=value:Effect", as kubectl taint spells it. */
    public static String describe(Kubeadm.Taint t) {
        return t.key() + (value(t) == null ? "" : "=" + t.value()) + ":" + t.effect();
    }

    public static List<String> describe(Map<String, String> labels) {
        List<String> out = new ArrayList<>();
        labels.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static boolean sameTaint(Kubeadm.Taint a, Kubeadm.Taint b) {
        return a.key().equals(b.key()) && a.effect().equals(b.effect());
    }

    private static String value(Kubeadm.Taint t) {
        return t.value() == null || t.value().isEmpty() ? null : t.value();
    }
}
