package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.apply.Observation.HostProbe;
import io.kboot.apply.Observation.NodeStatus;
import io.kboot.config.KubernetesVersion;
import io.kboot.hostprep.NodeRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A changed kubernetesVersion in the cluster file plans an upgrade of the made cluster, before any join. */
class UpgradePlanningTest {
    private static final KubernetesVersion V136 = KubernetesVersion.parse("v1.36.3");

    /** cp1, cp2 and workers w1..wN as Ready nodes whose kubelets run {@code kubelet}; kboot's state at {@code recorded}. */
    private static Observation cluster(List<HostSpec> hosts, String recorded, String kubelet) {
        Map<String, HostProbe> probes = new LinkedHashMap<>();
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        for (HostSpec h : hosts) {
            probes.put(h.name(), new HostProbe(h.name(), h.controlPlane(), true, true));
            Map<String, String> labels = h.controlPlane() ? Map.of(NodeMarks.CONTROL_PLANE_LABEL, "") : Map.of();
            nodes.put(h.name(), new NodeStatus(h.name(), true, h.controlPlane(), labels, List.of(), kubelet));
        }
        ClusterState state = ClusterState.empty("c").with(hosts, recorded, "0.1.0", Instant.EPOCH);
        return new Observation(Optional.of("cp1"), nodes, Optional.of(state), probes);
    }

    private static List<HostSpec> hosts(int workers) {
        List<HostSpec> hosts = new ArrayList<>(List.of(PlannerTest.host("cp1", NodeRole.CONTROL_PLANE),
                PlannerTest.host("cp2", NodeRole.CONTROL_PLANE)));
        for (int i = 1; i <= workers; i++) {
            hosts.add(PlannerTest.host("w" + i, NodeRole.WORKER));
        }
        return hosts;
    }

    @Test
    void aNewerVersionUpgradesControlPlanesInFileOrderThenWorkersInWavesOfATenth() {
        List<HostSpec> hosts = hosts(25);
        ApplyPlan plan = Planner.plan(hosts, cluster(hosts, "v1.35.5", "v1.35.5"), 10, V136, Optional.empty());
        RollingUpgrade upgrade = plan.upgrade().orElseThrow();
        assertEquals("v1.35.5", upgrade.from());
        assertEquals("v1.36.3", upgrade.to());
        assertEquals(List.of("cp1", "cp2"), upgrade.controlPlanes().stream().map(HostSpec::name).toList());
        assertEquals(13, upgrade.waves().size());
        assertEquals(2, upgrade.waves().get(0).size());
        assertEquals(List.of("w25"), upgrade.waves().get(12).stream().map(HostSpec::name).toList());
        assertFalse(plan.converged());
        List<String> lines = plan.describe();
        assertTrue(lines.get(0).startsWith("cp1: upgrade control plane 1 of 2 to v1.36.3 (kubeadm upgrade apply"), lines.get(0));
        assertTrue(lines.contains("w1: upgrade worker in wave 1 of 13 to v1.36.3: drain, new kubelet, uncordon"),
                lines.toString());
    }

    @Test
    void theWaveSizeFlagWinsAndASmallClusterStillMovesOneWorkerAtATime() {
        List<HostSpec> hosts = hosts(2);
        assertEquals(2, Planner.plan(hosts, cluster(hosts, "v1.35.5", "v1.35.5"), 10, V136, Optional.empty()).upgrade()
                .orElseThrow().waves().size());
        assertEquals(1, Planner.plan(hosts, cluster(hosts, "v1.35.5", "v1.35.5"), 10, V136, Optional.of(5)).upgrade()
                .orElseThrow().waves().size());
    }

    /** kubeadm upgraded the cluster kboot made: kubeadm-config and the kubelets say so, kboot's record does not. */
    @Test
    void aClusterKubeadmUpgradedIsAtTheFilesVersionWhateverKbootRecorded() {
        List<HostSpec> hosts = hosts(2);
        Observation recordBehind = cluster(hosts, "v1.35.5", "v1.36.3");
        Observation observed = new Observation(recordBehind.apiHost(), recordBehind.nodes(), recordBehind.state(),
                recordBehind.hosts(), Optional.of(V136));
        ApplyPlan plan = Planner.plan(hosts, observed, 10, V136, Optional.empty());
        assertEquals(Optional.empty(), plan.upgrade());
        assertTrue(plan.converged());
        Observation stopped = new Observation(recordBehind.apiHost(), cluster(hosts, "v1.35.5", "v1.35.5").nodes(),
                recordBehind.state(), recordBehind.hosts(), Optional.of(V136));
        assertEquals("v1.35.5", Planner.plan(hosts, stopped, 10, V136, Optional.empty()).upgrade().orElseThrow().from(),
                "kubelets behind still plan the rest of the upgrade, from the release kboot recorded");
    }

    @Test
    void aClusterAtTheFilesVersionIsNotUpgradedAgain() {
        List<HostSpec> hosts = hosts(2);
        ApplyPlan plan = Planner.plan(hosts, cluster(hosts, "v1.36.3", "v1.36.3"), 10, V136, Optional.empty());
        assertEquals(Optional.empty(), plan.upgrade());
        assertTrue(plan.converged());
    }

    @Test
    void aRunThatStoppedHalfwayIsTakenUpAgain() {
        List<HostSpec> hosts = hosts(2);
        ApplyPlan plan = Planner.plan(hosts, cluster(hosts, "v1.36.3", "v1.35.5"), 10, V136, Optional.empty());
        assertTrue(plan.upgrade().isPresent());
    }

    @Test
    void aSkippedMinorOrADowngradeIsAConflict() {
        List<HostSpec> hosts = hosts(1);
        ApplyPlan skipped = Planner.plan(hosts, cluster(hosts, "v1.34.2", "v1.34.2"), 10, V136, Optional.empty());
        assertEquals(List.of("kubernetesVersion v1.36.3 in the file, the cluster at v1.34.2: v1.34.2 → v1.36.3 is too far: an"
                + " upgrade goes 1 minor release at a time (upgrade to v1.35 first)"), skipped.conflicts());
        ApplyPlan down = Planner.plan(hosts, cluster(hosts, "v1.36.4", "v1.36.4"), 10, V136, Optional.empty());
        assertEquals(List.of("kubernetesVersion v1.36.3 in the file, the cluster at v1.36.4: v1.36.4 → v1.36.3 goes down a patch"
                + " release"), down.conflicts());
        ApplyPlan minorDown = Planner.plan(hosts, cluster(hosts, "v1.37.0", "v1.37.0"), 10, V136, Optional.empty());
        assertTrue(minorDown.conflicts().get(0).endsWith("goes down a minor release: kboot does not downgrade a control plane"
                + " (restore a backup instead)"), minorDown.conflicts().toString());
    }

    @Test
    void theStateRecordsEachMembersRelease() {
        List<HostSpec> hosts = hosts(1);
        ClusterState state = ClusterState.empty("c").with(hosts, "v1.35.5", "0.1.0", Instant.EPOCH)
                .upgraded(List.of("cp1"), "v1.36.3", "0.1.0", Instant.EPOCH);
        ClusterState read = ClusterState.fromConfigMap(state.toConfigMap());
        assertEquals(Map.of("cp1", "v1.36.3", "cp2", "v1.35.5", "w1", "v1.35.5"), read.nodeVersions());
        assertEquals("v1.35.5", read.kubernetesVersion());
        assertEquals("v1.36.3", read.atVersion("v1.36.3", "0.1.0", Instant.EPOCH).kubernetesVersion());
    }
}
