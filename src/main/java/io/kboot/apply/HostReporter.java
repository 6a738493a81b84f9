package io.kboot.apply;

import io.kboot.report.Progress;
import io.kboot.report.Reporter;
import io.kboot.workflow.Runner;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The reporter one host's workflow (prepare, kinit, kjoin) gets inside a stage of apply, where
 * several hosts run at once: the stage stays the phase the user sees ("[join-workers] w3: ..."),
 * each message is prefixed with the host's own phase ("kubelet-start: ..."), and the inner phases'
 * timings go to -v only. The stage's reporter prints the summary once, at the end of the run.
 */
final class HostReporter implements Reporter {
    private final Reporter outer;
    private final String host;
    private final String stage;
    private volatile String phase = "";

    HostReporter(Reporter outer, String host, String stage) {
        this.outer = outer;
        this.host = host;
        this.stage = stage;
    }

    private String prefixed(String message) {
        String shown = phase.startsWith(stage + "/") ? phase.substring(stage.length() + 1) : phase;
        return shown.isEmpty() || shown.equals(stage) ? message : shown + ": " + message;
    }

    @Override
    public void started(String path) {
        phase = path;
    }

    @Override
    public void finished(String path, Duration took) {
        outer.detail(host, path + " done in " + String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0));
    }

    @Override
    public void skipped(String path, String reason) {
        if (!reason.equals(Runner.SKIPPED_BY_REQUEST)) {
            phase = path;
            info(host, "Skipping: " + reason);
        }
    }

    @Override
    public void failed(String path, Duration took, Throwable cause) {}

    @Override
    public void info(String ignored, String message) {
        outer.info(host, prefixed(message));
    }

    @Override
    public void progress(String ignored, Progress progress) {
        outer.progress(host, new Progress(prefixed(progress.what()), progress.done(), progress.total(), progress.unit(),
                progress.perSecond(), progress.left()));
    }

    @Override
    public void warn(String ignored, String message) {
        outer.warn(host, prefixed(message));
    }

    @Override
    public void detail(String ignored, String message) {
        outer.detail(host, prefixed(message));
    }

    @Override
    public void plan(String ignored, List<String> changes) {
        outer.plan(host, changes);
    }

    @Override
    public void result(String title, List<String> lines) {
        outer.result(title, lines);
    }

    @Override
    public void secretResult(String title, List<String> lines) {
        outer.secretResult(title, lines);
    }

    @Override
    public void summary(boolean succeeded) {}
}
