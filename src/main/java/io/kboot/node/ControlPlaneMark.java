package io.kboot.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.Kubeadm;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** kubeadm's markcontrolplane: the control-plane labels and taints on a Node, for init and join alike. */
public final class ControlPlaneMark {
    /** kubeadm's control-plane node label (its value is empty). */
    public static final String LABEL = "node-role.kubernetes.io/control-plane";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ControlPlaneMark() {}

    /** Waits for the Node (the kubelet registers it shortly after the API server answers), then patches it. */
    public static void mark(KubeApi api, String node, List<Kubeadm.Taint> taints, Duration timeout, Consumer<String> progress) {
        progress.accept("Marking the node " + node + " as control-plane by adding the labels"
                + " [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]"
                + (taints.isEmpty() ? "" : " and the taints " + taints.stream().map(t -> t.key() + ":" + t.effect()).toList()));
        ObjectNode current = awaitNode(api, node, timeout);
        api.mergePatch(Resource.of("v1", "Node"), null, node, patch(current, taints));
    }

    /** The merge patch: both labels, and the node's own taints plus the missing ones (a merge patch replaces the list). */
    public static ObjectNode patch(JsonNode current, List<Kubeadm.Taint> taints) {
        ObjectNode patch = NODES.objectNode();
        ObjectNode labels = patch.putObject("metadata").putObject("labels");
        labels.put(LABEL, "");
        labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
        if (!taints.isEmpty()) {
            var list = patch.putObject("spec").putArray("taints");
            current.path("spec").path("taints").forEach(list::add);
            for (Kubeadm.Taint taint : taints) {
                boolean present = false;
                for (var t : current.path("spec").path("taints")) {
                    present |= t.path("key").asText().equals(taint.key()) && t.path("effect").asText().equals(taint.effect());
                }
                if (!present) {
                    ObjectNode t = list.addObject().put("key", taint.key()).put("effect", taint.effect());
                    Optional.ofNullable(taint.value()).ifPresent(v -> t.put("value", v));
                }
            }
        }
        return patch;
    }

    /**
     * The Node once the kubelet has registered it (polled as kubeadm does, through the one
     * {@link ApiRetry} policy: an API server that restarts meanwhile is ridden out); for a joining
     * worker too. A planning (dry-run) client gets an empty Node at once.
     */
    public static ObjectNode awaitNode(KubeApi api, String node, Duration timeout) {
        if (api.planning()) {
            return NODES.objectNode();
        }
        KubeApi once = api.once();
        return ApiRetry.within(timeout).until("the Node \"" + node + "\" registered by its kubelet",
                "the kubelet had not registered the Node \"" + node + "\" (check `journalctl -u kubelet` on the node)",
                () -> once.get(Resource.of("v1", "Node"), null, node));
    }
}
