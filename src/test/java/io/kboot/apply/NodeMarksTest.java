package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kboot.config.Kubeadm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge patch that adds a host's labels and taints to its Node, and only what is missing. */
class NodeMarksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode node(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void onlyMissingLabelsAndTaintsArePatchedAndTheNodesOwnTaintsAreKept() throws Exception {
        JsonNode node = node("""
                {"metadata": {"name": "w1", "labels": {"zone": "a", "disk": "hdd"}},
                 "spec": {"taints": [{"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"},
                                     {"key": "dedicated", "value": "web", "effect": "NoSchedule"}]}}
                """);
        var patch = NodeMarks.patch(node, Map.of("zone", "a", "disk", "ssd", "node-role.kubernetes.io/worker", ""),
                List.of(new Kubeadm.Taint("dedicated", "batch", "NoSchedule", null),
                        new Kubeadm.Taint("gpu", null, "NoExecute", null)))
                .orElseThrow();
        assertEquals(node("""
                {"metadata": {"labels": {"disk": "ssd", "node-role.kubernetes.io/worker": ""}},
                 "spec": {"taints": [{"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"},
                                     {"key": "dedicated", "effect": "NoSchedule", "value": "batch"},
                                     {"key": "gpu", "effect": "NoExecute"}]}}
                """), patch);
    }

    @Test
    void aNodeWithEverythingGetsNoPatch() throws Exception {
        JsonNode node = node("""
                {"metadata": {"labels": {"disk": "ssd"}}, "spec": {"taints": [{"key": "gpu", "value": "", "effect": \
                "NoSchedule"}]}}
                """);
        assertTrue(NodeMarks.patch(node, Map.of("disk", "ssd"), List.of(new Kubeadm.Taint("gpu", null, "NoSchedule", null)))
                .isEmpty());
        assertEquals("gpu:NoSchedule", NodeMarks.describe(new Kubeadm.Taint("gpu", "", "NoSchedule", null)));
        assertEquals("a=b:NoExecute", NodeMarks.describe(new Kubeadm.Taint("a", "b", "NoExecute", null)));
    }
}
