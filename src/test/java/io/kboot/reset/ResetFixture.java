package io.kboot.reset;

import io.kboot.host.Host;
import io.kboot.report.TextReporter;
import io.kboot.workflow.PhaseAction;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs reset phases against a test host with text output captured. */
final class ResetFixture {
    private ResetFixture() {}

    /** What a run printed: info lines on out, warnings on err. */
    record Run(String out, String err) {}

    static Run run(Host host, PhaseAction<ResetContext> phase) {
        return run(host, ResetSettings.DEFAULTS, Confirmation.GIVEN, phase);
    }

    static Run run(Host host, ResetSettings settings, Confirmation confirmation, PhaseAction<ResetContext> phase) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        TextReporter reporter = new TextReporter(new PrintWriter(out, true), new PrintWriter(err, true), false);
        try {
            phase.run(new ResetContext(host, reporter, settings, confirmation));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Run(out.toString(), err.toString());
    }
}
