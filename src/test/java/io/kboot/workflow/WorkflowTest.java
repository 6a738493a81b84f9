package io.kboot.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowTest {
    /** The phases append their path to the context, so a run's order is visible. */
    private static Phase<List<String>> leaf(String name) {
        return Phase.leaf(name, "does " + name, ctx -> ctx.add(name));
    }

    private final Workflow<List<String>> workflow = new Workflow<>("test", List.of(
            leaf("preflight"),
            Phase.group("certs", "certificates", leaf("ca"), leaf("apiserver"),
                    Phase.group("etcd", "etcd certs", leaf("ca"), leaf("server"))),
            leaf("addon")));

    private List<String> pathsToRun(Optional<String> only, Set<String> skip) {
        return workflow.plan(only, skip).toRun().stream().map(Plan.Step::path).toList();
    }

    @Test
    void plansEveryLeafInTreeOrder() {
        assertEquals(List.of("preflight", "certs/ca", "certs/apiserver", "certs/etcd/ca", "certs/etcd/server", "addon"),
                pathsToRun(Optional.empty(), Set.of()));
        assertEquals(List.of("preflight", "certs", "certs/ca", "certs/apiserver", "certs/etcd", "certs/etcd/ca",
                "certs/etcd/server", "addon"), workflow.paths());
    }

    @Test
    void skippingAGroupSkipsItsDescendants() {
        assertEquals(List.of("preflight", "certs/ca", "certs/apiserver", "addon"),
                pathsToRun(Optional.empty(), Set.of("certs/etcd")));
        assertEquals(List.of("certs/ca", "certs/apiserver", "certs/etcd/ca", "certs/etcd/server", "addon"),
                pathsToRun(Optional.empty(), Set.of("preflight")));
    }

    @Test
    void onlySelectsASubtreeAndAllMeansTheGroup() {
        assertEquals(List.of("certs/ca", "certs/apiserver", "certs/etcd/ca", "certs/etcd/server"),
                pathsToRun(Optional.of("certs"), Set.of()));
        assertEquals(pathsToRun(Optional.of("certs"), Set.of()), pathsToRun(Optional.of("certs/all"), Set.of()));
        assertEquals(List.of("certs/etcd/server"), pathsToRun(Optional.of("certs/etcd/server"), Set.of()));
        assertEquals(List.of("certs/ca", "certs/apiserver"), pathsToRun(Optional.of("certs"), Set.of("certs/etcd")));
    }

    @Test
    void skippedStepsStayInThePlanMarkedSkipped() {
        Plan<List<String>> plan = workflow.plan(Optional.empty(), Set.of("addon"));
        assertTrue(plan.steps().stream().filter(s -> s.path().equals("addon")).allMatch(Plan.Step::skipped));
    }

    @Test
    void unknownPhaseNamesAreRejectedWithTheValidOnes() {
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class,
                () -> workflow.plan(Optional.empty(), Set.of("cert")));
        assertEquals("unknown phase \"cert\" for test; valid phases: preflight, certs, certs/ca, certs/apiserver, certs/etcd,"
                + " certs/etcd/ca, certs/etcd/server, addon", e.getMessage());
        assertThrows(KbootException.InvalidInput.class, () -> workflow.plan(Optional.of("certs/nope"), Set.of()));
    }

    @Test
    void phaseNamesAreKebabCaseAndLeavesOrGroups() {
        assertThrows(IllegalArgumentException.class, () -> Phase.leaf("Certs", "", ctx -> {}));
        assertThrows(IllegalArgumentException.class, () -> Phase.leaf("all", "", ctx -> {}));
        assertThrows(IllegalArgumentException.class, () -> Phase.group("g", "", leaf("a"), leaf("a")));
    }

    @Test
    void runnerRunsInOrderAndReportsEachPhase() {
        List<String> ran = new ArrayList<>();
        List<String> events = new ArrayList<>();
        Runner.run(workflow.plan(Optional.empty(), Set.of("certs")), ran, new RecordingListener(events));
        assertEquals(List.of("preflight", "addon"), ran);
        assertEquals(List.of("started preflight", "finished preflight", "skipped certs/ca", "skipped certs/apiserver",
                "skipped certs/etcd/ca", "skipped certs/etcd/server", "started addon", "finished addon"), events);
    }

    @Test
    void runnerWrapsFailuresWithThePhasePathAndStops() {
        Workflow<List<String>> failing = new Workflow<>("test", List.of(
                Phase.group("certs", "", Phase.leaf("ca", "", ctx -> {
                    throw new KbootException.StepFailed("disk full");
                })), leaf("addon")));
        List<String> ran = new ArrayList<>();
        List<String> events = new ArrayList<>();
        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> Runner.run(failing.plan(Optional.empty(), Set.of()), ran, new RecordingListener(events)));
        assertEquals("phase certs/ca: disk full", e.getMessage());
        assertEquals("certs/ca", e.path());
        assertInstanceOf(KbootException.StepFailed.class, e.getCause());
        assertEquals(List.of("started certs/ca", "failed certs/ca"), events);
        assertEquals(List.of(), ran);
    }

    @Test
    void aConditionSkipsItsPhaseWithTheReasonAskingTheContextAsEarlierPhasesLeftIt() {
        Workflow<List<String>> conditional = new Workflow<>("test", List.of(
                leaf("preflight"),
                leaf("upload-certs").runIf(ctx -> ctx.contains("wanted"), "--upload-certs was not given"),
                Phase.leaf("want", "", (List<String> ctx) -> ctx.add("wanted")),
                leaf("again").runIf(ctx -> ctx.contains("wanted"), "never")));
        List<String> ran = new ArrayList<>();
        List<String> events = new ArrayList<>();
        Runner.run(conditional.plan(Optional.empty(), Set.of()), ran, new RecordingListener(events));
        assertEquals(List.of("preflight", "wanted", "again"), ran);
        assertEquals(List.of("started preflight", "finished preflight", "skipped upload-certs (--upload-certs was not given)",
                "started want", "finished want", "started again", "finished again"), events);
    }

    @Test
    void aGroupsConditionHoldsForEveryPhaseUnderItAndIsAskedBeforeTheirOwn() {
        List<String> asked = new ArrayList<>();
        Workflow<List<String>> conditional = new Workflow<>("test", List.of(
                Phase.group("control-plane-join", "", leaf("etcd").runIf(ctx -> asked.add("etcd"), "unused"), leaf("mark"))
                        .runIf(ctx -> false, "this node joins as a worker")));
        List<String> events = new ArrayList<>();
        Runner.run(conditional.plan(Optional.empty(), Set.of()), new ArrayList<>(), new RecordingListener(events));
        assertEquals(List.of("skipped control-plane-join/etcd (this node joins as a worker)",
                "skipped control-plane-join/mark (this node joins as a worker)"), events);
        assertEquals(List.of(), asked);
    }

    @Test
    void aConditionThatFailsFailsItsPhase() {
        Workflow<List<String>> conditional = new Workflow<>("test", List.of(
                leaf("download-certs").runIf(ctx -> {
                    throw new KbootException.StepFailed("API server unreachable");
                })));
        List<String> events = new ArrayList<>();
        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> Runner.run(conditional.plan(Optional.empty(), Set.of()), new ArrayList<>(), new RecordingListener(events)));
        assertEquals("phase download-certs: API server unreachable", e.getMessage());
        assertEquals(List.of("failed download-certs"), events);
    }
}
