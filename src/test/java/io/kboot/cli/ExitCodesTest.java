package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kboot.KbootException;
import io.kboot.report.SilentReporter;
import io.kboot.workflow.Phase;
import io.kboot.workflow.PhaseFailedException;
import io.kboot.workflow.Runner;
import io.kboot.workflow.Workflow;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A failure's exit code is its kind's, also when a workflow failed inside a phase of another (apply's stages). */
class ExitCodesTest {

    private static PhaseFailedException failed(String path, RuntimeException failure) {
        return assertThrows(PhaseFailedException.class, () -> run(path, () -> {
            throw failure;
        }));
    }

    private static void run(String path, Runnable action) {
        Workflow<Object> workflow = new Workflow<>("test", List.of(Phase.leaf(path, path, context -> action.run())));
        Runner.run(workflow.plan(Optional.empty(), Set.of()), new Object(), new SilentReporter());
    }

    /** "init" running kinit's "certs-ca", which fails with {@code failure}. */
    private static PhaseFailedException nested(RuntimeException failure) {
        return assertThrows(PhaseFailedException.class, () -> run("init", () -> run("certs-ca", () -> {
            throw failure;
        })));
    }

    @Test
    void eachKindHasItsCode() {
        assertEquals(ExitCodes.INVALID_INPUT, ExitCodes.of(new KbootException.InvalidInput("bad")));
        assertEquals(ExitCodes.STEP_FAILED, ExitCodes.of(new KbootException.StepFailed("failed")));
        assertEquals(ExitCodes.PREFLIGHT_FAILED, ExitCodes.of(failed("preflight", new KbootException.PreflightFailed("errors"))));
        assertEquals(ExitCodes.INTERRUPTED, ExitCodes.of(failed("wait", new KbootException.Interrupted("stop", null))));
        assertEquals(ExitCodes.STEP_FAILED, ExitCodes.of(failed("certs", new IllegalStateException("bug"))));
    }

    @Test
    void aPhaseInsideAPhaseHasTheCodeOfWhatFailedBeneathBoth() {
        KbootException.InvalidInput bad = new KbootException.InvalidInput("wrong key");
        PhaseFailedException failure = nested(bad);

        assertEquals("phase init: phase certs-ca: wrong key", failure.getMessage());
        assertSame(bad, ExitCodes.cause(failure));
        assertEquals(ExitCodes.INVALID_INPUT, ExitCodes.of(failure));
        assertEquals(ExitCodes.PREFLIGHT_FAILED, ExitCodes.of(nested(new KbootException.PreflightFailed("errors"))));
        assertEquals(ExitCodes.INTERRUPTED, ExitCodes.of(nested(new KbootException.Interrupted("stop", null))));
        assertEquals(ExitCodes.STEP_FAILED, ExitCodes.of(nested(new KbootException.StepFailed("failed"))));
    }
}
