package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.apply.Observation.HostProbe;
import io.kboot.hostprep.NodeRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan a dry run prints: each host's part, and under each prepared host which steps would change it. */
class ApplyPlanTest {

    @Test
    void aDryRunsPlanSaysWhichStepsOfHostPreparationWouldChangeEachHost() {
        List<HostSpec> hosts = List.of(PlannerTest.host("cp1", NodeRole.CONTROL_PLANE), PlannerTest.host("w1", NodeRole.WORKER),
                PlannerTest.host("w2", NodeRole.WORKER));
        Map<String, HostProbe> probes = Map.of("cp1", new HostProbe("cp1", false, false, false),
                "w1", new HostProbe("w1", false, false, false), "w2", new HostProbe("w2", false, false, false));
        ApplyPlan plan = Planner.plan(hosts, Observation.fresh(probes), 1);

        List<String> lines = plan.describe(Map.of(
                "cp1", List.of("run: # kboot prepare/containerd: apply", "upload /etc/containerd/config.toml (0644, 1.2 KB)",
                        "run: # kboot prepare/containerd: restart", "run: # kboot prepare/swap: apply"),
                "w1", List.of()));

        assertEquals(List.of(
                "cp1: init the cluster as its first control plane (new cluster)",
                "  prepare: would change containerd, swap (4 change(s), listed above)",
                "w1: join as worker in wave 1 of 2",
                "  prepare: nothing to change",
                "w2: join as worker in wave 2 of 2"), lines);
    }

    @Test
    void withNothingPreparedItIsThePlan() {
        List<HostSpec> hosts = List.of(PlannerTest.host("cp1", NodeRole.CONTROL_PLANE));
        ApplyPlan plan = Planner.plan(hosts, Observation.fresh(Map.of("cp1", new HostProbe("cp1", false, false, false))), 10);

        assertEquals(plan.describe(), plan.describe(Map.of()));
    }
}
