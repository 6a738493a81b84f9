package io.kboot.report;

import io.kboot.workflow.Runner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human output: kubeadm-style "[phase] host: message" lines and a summary table at the end. */
public final class TextReporter implements Reporter {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;
    private final List<PhaseRecord> records = new ArrayList<>();
    private volatile String phase = "kboot";

    public TextReporter(PrintWriter out, PrintWriter err, boolean verbose) {
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public synchronized void started(String path) {
        phase = path;
        if (verbose) {
            line(out, null, "starting");
        }
    }

    @Override
    public synchronized void finished(String path, Duration took) {
        records.add(new PhaseRecord(path, PhaseRecord.Outcome.DONE, took));
        if (verbose) {
            line(out, null, "done in " + seconds(took));
        }
    }

    @Override
    public synchronized void skipped(String path, String reason) {
        records.add(new PhaseRecord(path, PhaseRecord.Outcome.SKIPPED, Duration.ZERO));
        if (!reason.equals(Runner.SKIPPED_BY_REQUEST)) {
            phase = path;
            // The tag names the top-level phase; the rest of the path says which of its phases.
            String within = path.contains("/") ? " " + path.substring(path.indexOf('/') + 1) : "";
            line(out, null, "Skipping" + within + ": " + reason);
        }
    }

    @Override
    public synchronized void failed(String path, Duration took, Throwable cause) {
        records.add(new PhaseRecord(path, PhaseRecord.Outcome.FAILED, took));
    }

    @Override
    public synchronized void info(String host, String message) {
        line(out, host, message);
    }

    @Override
    public synchronized void warn(String host, String message) {
        line(err, host, "WARNING: " + message);
    }

    @Override
    public synchronized void detail(String host, String message) {
        if (verbose) {
            line(out, host, message);
        }
    }

    @Override
    public synchronized void plan(String host, List<String> changes) {
        out.println();
        out.println("Dry run: " + (changes.isEmpty() ? "no changes" : changes.size() + " change(s)") + " on " + host
                + (changes.isEmpty() ? "" : ":"));
        changes.forEach(change -> out.println("  " + change));
        out.flush();
    }

    @Override
    public synchronized void result(String title, List<String> lines) {
        out.println();
        out.println(title);
        out.println();
        lines.forEach(line -> out.println(line.isEmpty() ? "" : "  " + line));
        out.println();
        out.flush();
    }

    @Override
    public synchronized void summary(boolean succeeded) {
        if (records.isEmpty()) {
            return;
        }
        int width = Math.max("PHASE".length(), records.stream().mapToInt(r -> r.path().length()).max().orElse(0));
        String format = "%-" + width + "s  %-7s  %s%n";
        out.println();
        out.printf(format, "PHASE", "RESULT", "TIME");
        Duration total = Duration.ZERO;
        for (PhaseRecord record : records) {
            boolean ran = record.outcome() != PhaseRecord.Outcome.SKIPPED;
            out.printf(format, record.path(), record.outcome().label(), ran ? seconds(record.took()) : "-");
            total = total.plus(record.took());
        }
        out.printf(format, "total", succeeded ? "ok" : "failed", seconds(total));
        out.flush();
    }

    private void line(PrintWriter writer, String host, String message) {
        String tag = phase.contains("/") ? phase.substring(0, phase.indexOf('/')) : phase;
        writer.println("[" + tag + "] " + (host == null ? "" : host + ": ") + message);
        writer.flush();
    }

    static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }
}
