package io.kboot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.config.Kubeadm;
import io.kboot.templates.Templates;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPlaneMarkTest {
    private static final Kubeadm.Taint CONTROL_PLANE =
            new Kubeadm.Taint("node-role.kubernetes.io/control-plane", null, "NoSchedule", null);

    @Test
    void labelsAndAddsTheMissingTaintKeepingTheNodesOwn() {
        var node = Templates.parseYaml("spec: {taints: [{key: node.kubernetes.io/not-ready, effect: NoSchedule}]}");
        assertEquals(Templates.parseYaml("""
                metadata: {labels: {node-role.kubernetes.io/control-plane: "", \
                node.kubernetes.io/exclude-from-external-load-balancers: ""}}
                spec: {taints: [{key: node.kubernetes.io/not-ready, effect: NoSchedule}, {key: \
                node-role.kubernetes.io/control-plane, effect: NoSchedule}]}
                """), ControlPlaneMark.patch(node, List.of(CONTROL_PLANE)));
    }

    @Test
    void aTaintAlreadyThereIsNotAddedTwiceAndNoTaintsMeansLabelsOnly() {
        var tainted = Templates.parseYaml("spec: {taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}");
        assertEquals(1, ControlPlaneMark.patch(tainted, List.of(CONTROL_PLANE)).path("spec").path("taints").size());
        assertEquals(false, ControlPlaneMark.patch(tainted, List.of()).has("spec"));
    }
}
