package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.apply.ApplyPlan.Action;
import io.kboot.apply.ApplyPlan.CertificateUpload;
import io.kboot.apply.Observation.HostProbe;
import io.kboot.apply.Observation.NodeStatus;
import io.kboot.config.Kubeadm;
import io.kboot.host.ssh.SshTarget;
import io.kboot.hostprep.NodeRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan as a function of the file's hosts and what was observed: every case without a host. */
class PlannerTest {
    private static final Kubeadm.Taint GPU = new Kubeadm.Taint("gpu", "true", "NoSchedule", null);

    static HostSpec host(String name, NodeRole role) {
        return host(name, role, Map.of(), List.of());
    }

    static HostSpec host(String name, NodeRole role, Map<String, String> labels, List<Kubeadm.Taint> taints) {
        return new HostSpec(name, Optional.of(name), name + ".lab", role, Optional.empty(), labels, taints,
                SshTarget.parse("root@10.0.0.1"));
    }

    private static final NodeRole CP = NodeRole.CONTROL_PLANE;
    private static final NodeRole W = NodeRole.WORKER;

    /** A probe per host: nothing on any of them. */
    private static Map<String, HostProbe> bare(List<HostSpec> hosts) {
        Map<String, HostProbe> probes = new LinkedHashMap<>();
        hosts.forEach(h -> probes.put(h.name(), new HostProbe(h.name(), false, false, false)));
        return probes;
    }

    /** The cluster made, with these hosts as Ready nodes (kubelet active, admin.conf on control planes). */
    private static Observation made(List<HostSpec> hosts, List<HostSpec> nodes) {
        Map<String, HostProbe> probes = bare(hosts);
        Map<String, NodeStatus> statuses = new LinkedHashMap<>();
        for (HostSpec n : nodes) {
            probes.put(n.name(), new HostProbe(n.name(), n.controlPlane(), true, true));
            statuses.put(n.name(), node(n.name(), n.controlPlane(), true, Map.of(), List.of()));
        }
        ClusterState state = ClusterState.empty("c").with(nodes, "v1.36.3", "0.1.0", Instant.EPOCH);
        return new Observation(Optional.of(nodes.get(0).name()), statuses, Optional.of(state), probes);
    }

    private static NodeStatus node(String name, boolean controlPlane, boolean ready, Map<String, String> labels,
            List<Kubeadm.Taint> taints) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        if (controlPlane) {
            all.put(NodeMarks.CONTROL_PLANE_LABEL, "");
        }
        return new NodeStatus(name, ready, controlPlane, all, taints);
    }

    private static List<String> actions(ApplyPlan plan) {
        return plan.hosts().stream().map(p -> p.host().name() + "=" + p.action() + (p.position() > 0 ? "@" + p.position() : ""))
                .toList();
    }

    @Test
    void aNewClusterInitsTheFirstControlPlaneJoinsTheOthersOneByOneAndWorkersInWaves() {
        List<HostSpec> hosts = new ArrayList<>(List.of(host("w0", W), host("cp1", CP), host("cp2", CP), host("cp3", CP)));
        for (int i = 1; i <= 5; i++) {
            hosts.add(host("w" + i, W));
        }
        ApplyPlan plan = Planner.plan(hosts, Observation.fresh(bare(hosts)), 2);
        assertEquals(List.of("w0=JOIN_WORKER@1", "cp1=INIT@1", "cp2=JOIN_CONTROL_PLANE@1", "cp3=JOIN_CONTROL_PLANE@2",
                "w1=JOIN_WORKER@1", "w2=JOIN_WORKER@2", "w3=JOIN_WORKER@2", "w4=JOIN_WORKER@3", "w5=JOIN_WORKER@3"),
                actions(plan));
        assertEquals(3, plan.waves());
        assertEquals(List.of("w0", "w1"), plan.wave(1).stream().map(p -> p.host().name()).toList());
        assertEquals(CertificateUpload.WITH_INIT, plan.certificates());
        assertTrue(plan.conflicts().isEmpty(), plan.conflicts().toString());
        List<String> lines = plan.describe();
        assertTrue(lines.contains("cp1: init the cluster as its first control plane (new cluster)"), lines.toString());
        assertTrue(lines.contains("cp3: join as control plane 2 of 2 (one at a time, etcd-safe)"), lines.toString());
        assertTrue(lines.contains("w5: join as worker in wave 3 of 3"), lines.toString());
        assertFalse(plan.converged());
    }

    @Test
    void reApplyingAConvergedClusterChangesNothing() {
        List<HostSpec> hosts = List.of(host("cp1", CP), host("w1", W), host("w2", W));
        ApplyPlan plan = Planner.plan(hosts, made(hosts, hosts), 10);
        assertEquals(List.of("cp1=PRESENT", "w1=PRESENT", "w2=PRESENT"), actions(plan));
        assertTrue(plan.converged());
        assertEquals(CertificateUpload.NONE, plan.certificates());
        assertEquals(0, plan.waves());
        assertTrue(plan.describe().contains("w1: already a Ready node, check only"), plan.describe().toString());
        assertTrue(plan.describe().contains("Nothing to change: every host is a node of the cluster."),
                plan.describe().toString());
    }

    @Test
    void newHostsJoinAnExistingClusterAndNewControlPlanesGetTheCertificatesUploadedAgain() {
        List<HostSpec> nodes = List.of(host("cp1", CP), host("w1", W));
        List<HostSpec> hosts = List.of(host("cp1", CP), host("cp2", CP), host("w1", W), host("w2", W));
        ApplyPlan plan = Planner.plan(hosts, made(hosts, nodes), 10);
        assertEquals(List.of("cp1=PRESENT", "cp2=JOIN_CONTROL_PLANE@1", "w1=PRESENT", "w2=JOIN_WORKER@1"), actions(plan));
        assertEquals(CertificateUpload.SEPARATE, plan.certificates());
        assertTrue(plan.init().isEmpty());
        assertTrue(plan.describe().stream().anyMatch(l -> l.startsWith("cluster: upload the control-plane certificates again")));
    }

    @Test
    void anInitThatStoppedHalfwayIsRunAgain() {
        List<HostSpec> hosts = List.of(host("cp1", CP), host("w1", W));
        // The API server answered (init got past wait-control-plane) but the state ConfigMap, written last, is missing.
        Observation upNoState = new Observation(Optional.of("cp1"), Map.of("cp1", node("cp1", true, true, Map.of(), List.of())),
                Optional.empty(),
                Map.of("cp1", new HostProbe("cp1", true, true, true), "w1", new HostProbe("w1", false, false, false)));
        ApplyPlan plan = Planner.plan(hosts, upNoState, 10);
        assertEquals(List.of("cp1=INIT@1", "w1=JOIN_WORKER@1"), actions(plan));
        assertTrue(plan.init().orElseThrow().why().contains("kboot-cluster is missing"), plan.init().orElseThrow().why());

    }

    /**
     * admin.conf on the first control plane and no API server answering (for a minute): a made
     * cluster whose API server is slow looks the same as an init that stopped, and init over a
     * running cluster rewrote its control plane in the upgrade lab. Refused, saying what to do.
     */
    @Test
    void aControlPlaneWithAdminConfWhoseApiServerDoesNotAnswerIsNotInitAgain() {
        List<HostSpec> hosts = List.of(host("cp1", CP), host("w1", W));
        Map<String, HostProbe> probes = bare(hosts);
        probes.put("cp1", new HostProbe("cp1", true, true, true));
        ApplyPlan plan = Planner.plan(hosts, Observation.fresh(probes), 10);
        assertEquals(1, plan.conflicts().size(), plan.conflicts().toString());
        assertTrue(plan.conflicts().get(0).startsWith("cp1 has /etc/kubernetes/admin.conf, but its API server did not answer"
                + " for 60 s: apply does not run init over a control plane it cannot ask"), plan.conflicts().get(0));
        assertTrue(plan.conflicts().get(0).contains("`kboot reset` it and apply again"), plan.conflicts().get(0));
    }

    @Test
    void initIsRefusedWhereAnotherControlPlaneHoldsTheCluster() {
        List<HostSpec> hosts = List.of(host("cp1", CP), host("cp2", CP));
        Map<String, HostProbe> probes = bare(hosts);
        probes.put("cp2", new HostProbe("cp2", true, true, true));
        ApplyPlan down = Planner.plan(hosts, Observation.fresh(probes), 10);
        assertEquals(1, down.conflicts().size(), down.conflicts().toString());
        assertTrue(down.conflicts().get(0)
                .startsWith("cp2 has /etc/kubernetes/admin.conf, but no control plane's API server answers"));

        Observation elsewhere = new Observation(Optional.of("cp2"), Map.of(), Optional.empty(), probes);
        assertTrue(Planner.plan(hosts, elsewhere, 10).conflicts().get(0).startsWith("the API server answers on cp2, not on cp1"));
    }

    @Test
    void aPresentNodeIsCheckedItsMissingLabelsAndTaintsAddedItsRoleNeverChanged() {
        HostSpec w1 = host("w1", W, Map.of("disk", "ssd", "zone", "a"), List.of(GPU));
        List<HostSpec> hosts = List.of(host("cp1", CP), w1);
        Observation observed = made(hosts, hosts);
        Map<String, NodeStatus> nodes = new LinkedHashMap<>(observed.nodes());
        nodes.put("w1", node("w1", false, false, Map.of("zone", "a", "extra", "kept"), List.of()));
        nodes.put("old", node("old", false, true, Map.of(), List.of()));
        Map<String, HostProbe> probes = new LinkedHashMap<>(observed.hosts());
        probes.put("w1", new HostProbe("w1", false, true, false));
        ApplyPlan plan = Planner.plan(hosts, new Observation(observed.apiHost(), nodes, observed.state(), probes), 10);
        ApplyPlan.HostPlan p = plan.hosts().get(1);
        assertEquals(Action.PRESENT, p.action());
        assertEquals(Map.of("disk", "ssd"), p.addLabels());
        assertEquals(List.of(GPU), p.addTaints());
        assertEquals(List.of("the Node is NotReady", "the kubelet is not active"), p.problems());
        assertEquals("w1: already a NotReady node, check and label disk=ssd; taint gpu=true:NoSchedule (the Node is NotReady;"
                + " the kubelet is not active)", p.describe());
        assertFalse(plan.converged());
        assertEquals(List.of("Node old is in the cluster but not in the file: left alone (apply never removes nodes)"),
                plan.notes());

        List<HostSpec> swapped = List.of(host("cp1", CP), host("w1", CP));
        ApplyPlan refused = Planner.plan(swapped, made(hosts, hosts), 10);
        assertEquals(List.of("w1 is a worker Node, the file makes it a control-plane: apply does not change a node's role"
                + " (reset the host, then apply)"), refused.conflicts());
    }

    @Test
    void twoHostsThatWouldBeOneNodeAreAConflict() {
        List<HostSpec> hosts = List.of(host("cp1", CP), host("a", W), host("b", W));
        Map<String, HostProbe> probes = bare(hosts);
        probes.put("a", new HostProbe("debian", false, false, false));
        probes.put("b", new HostProbe("debian", false, false, false));
        assertEquals(List.of("hosts a and b would both be the Node \"debian\": give them distinct names in the file"),
                Planner.plan(hosts, Observation.fresh(probes), 10).conflicts());
    }

    @Test
    void theWaveSizeIsAtLeastOne() {
        List<HostSpec> hosts = List.of(host("cp1", CP));
        assertThrows(IllegalArgumentException.class, () -> Planner.plan(hosts, Observation.fresh(bare(hosts)), 0));
        ApplyPlan single = Planner.plan(hosts, Observation.fresh(bare(hosts)), 1);
        assertEquals(List.of("cp1=INIT@1"), actions(single));
        assertEquals(CertificateUpload.NONE, single.certificates());
    }
}
