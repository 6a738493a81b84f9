package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.ConfigLoader;
import io.kboot.config.Kubeadm;
import io.kboot.hostprep.NodeRole;
import io.kboot.templates.Templates;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kboot's state ConfigMap: written and read back, and its cluster.yaml a Cluster document kboot loads. */
class ClusterStateTest {

    @Test
    void theStateRoundTripsAndItsClusterYamlIsAClusterDocument() {
        HostSpec cp1 = PlannerTest.host("cp1", NodeRole.CONTROL_PLANE);
        HostSpec w1 = PlannerTest.host("w1", NodeRole.WORKER, Map.of("disk", "ssd"),
                List.of(new Kubeadm.Taint("gpu", "true", "NoSchedule", null)));
        Instant when = Instant.parse("2026-11-22T10:00:00Z");
        ClusterState state = ClusterState.empty("lab").with(List.of(cp1), "v1.36.3", "0.1.0", when)
                .with(List.of(w1), "v1.36.3", "0.1.0", when);
        var configMap = state.toConfigMap();
        assertEquals("kboot-cluster", configMap.path("metadata").path("name").asText());
        assertEquals("kube-system", configMap.path("metadata").path("namespace").asText());
        assertEquals(state, ClusterState.fromConfigMap(configMap));
        assertEquals(List.of("cp1", "w1"), state.members().stream().map(ClusterState.Member::name).toList());

        String yaml = configMap.path("data").path("cluster.yaml").asText();
        assertTrue(yaml.contains("role: worker"), yaml);
        var docs = ConfigLoader.parse("kboot-cluster", yaml);
        assertEquals(2, docs.cluster().orElseThrow().hosts().size());
        assertEquals("lab", docs.cluster().orElseThrow().metadata().name());

        // A host recorded again replaces its entry; nobody is dropped.
        ClusterState again = state.with(List.of(PlannerTest.host("w1", NodeRole.WORKER)), "v1.36.3", "0.1.0", when);
        assertEquals(2, again.members().size());
        assertEquals(Map.of(), again.member("w1").orElseThrow().labels());
    }

    @Test
    void aConfigMapKbootDidNotWriteIsAnError() {
        var foreign = Templates.parseYaml("data: {appliedAt: yesterday}");
        assertThrows(KbootException.StepFailed.class, () -> ClusterState.fromConfigMap(foreign));
    }
}
