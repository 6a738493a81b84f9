package io.kboot.reset;

import io.kboot.host.Host;
import io.kboot.report.Reporters;
import io.kboot.workflow.PhaseAction;

/** Runs reset phases against a test host with text output captured. */
final class ResetFixture {
    private ResetFixture() {}

    /** What a run printed: info lines on out, warnings on err. */
    record Run(String out, String err) {}

    static Run run(Host host, PhaseAction<ResetContext> phase) {
        return run(host, ResetSettings.DEFAULTS, Confirmation.GIVEN, phase);
    }

    static Run run(Host host, ResetSettings settings, Confirmation confirmation, PhaseAction<ResetContext> phase) {
        Reporters.Captured output = Reporters.capturing();
        try {
            phase.run(new ResetContext(host, output.reporter(), settings, confirmation));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Run(output.out(), output.err());
    }
}
