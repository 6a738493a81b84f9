package io.kboot.cli;

import io.kboot.host.DryRunHost;
import io.kboot.host.Host;
import io.kboot.report.Reporter;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Runner;
import java.util.function.BiFunction;

/**
 * Runs a validated plan on an opened target: the same path for kinit and kjoin. With --dry-run the
 * host is wrapped so that nothing changes, and the recorded changes are printed at the end.
 */
final class WorkflowExecution {
    private WorkflowExecution() {}

    static <C> int run(Plan<C> plan, TargetOptions target, boolean dryRun, Reporter reporter,
            BiFunction<Host, Reporter, C> contextFactory) {
        boolean succeeded = false;
        try (Host opened = target.open()) {
            Host host = dryRun ? new DryRunHost(opened) : opened;
            Runner.run(plan, contextFactory.apply(host, reporter), reporter);
            succeeded = true;
            if (host instanceof DryRunHost recorder) {
                reporter.plan(host.name(), recorder.changes().stream().map(DryRunHost.Change::describe).toList());
            }
            return ExitCodes.OK;
        } finally {
            reporter.summary(succeeded);
        }
    }
}
