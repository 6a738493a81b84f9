package io.kboot.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Machine output for {@code -o json}: one JSON object per line, one line per event. */
public final class JsonReporter implements Reporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final Clock clock;
    private final boolean verbose;
    private volatile String phase;

    public JsonReporter(PrintWriter out, boolean verbose) {
        this(out, verbose, Clock.systemUTC());
    }

    JsonReporter(PrintWriter out, boolean verbose, Clock clock) {
        this.out = out;
        this.verbose = verbose;
        this.clock = clock;
    }

    @Override
    public void started(String path) {
        phase = path;
        emit(event("phase-started").put("phase", path));
    }

    @Override
    public void finished(String path, Duration took) {
        emit(event("phase-finished").put("phase", path).put("millis", took.toMillis()));
    }

    @Override
    public void skipped(String path, String reason) {
        emit(event("phase-skipped").put("phase", path).put("reason", reason));
    }

    @Override
    public void failed(String path, Duration took, Throwable cause) {
        emit(event("phase-failed").put("phase", path).put("millis", took.toMillis())
                .put("error", String.valueOf(cause.getMessage())));
    }

    @Override
    public void info(String host, String message) {
        emit(message("info", host, message));
    }

    @Override
    public void progress(String host, Progress progress) {
        ObjectNode event = event("progress");
        if (phase != null) {
            event.put("phase", phase);
        }
        if (host != null) {
            event.put("host", host);
        }
        event.put("what", progress.what()).put("done", progress.done()).put("total", progress.total())
                .put("unit", progress.unit())
                .put("perSecond", Math.round(progress.perSecond()));
        progress.left().ifPresent(left -> event.put("secondsLeft", left.toSeconds()));
        emit(event.put("message", progress.describe()));
    }

    @Override
    public void warn(String host, String message) {
        emit(message("warning", host, message));
    }

    @Override
    public void detail(String host, String message) {
        if (verbose) {
            emit(message("detail", host, message));
        }
    }

    @Override
    public void plan(String host, List<String> changes) {
        ObjectNode event = event("plan").put("host", host);
        changes.forEach(event.putArray("changes")::add);
        emit(event);
    }

    @Override
    public void result(String title, List<String> lines) {
        ObjectNode event = event("result").put("title", title);
        lines.forEach(event.putArray("lines")::add);
        emit(event);
    }

    @Override
    public void result(String title, List<String> lines, ObjectNode data) {
        ObjectNode event = event("result").put("title", title);
        lines.forEach(event.putArray("lines")::add);
        event.set("data", data);
        emit(event);
    }

    /** The same event with {@code "secret": true} before its lines, for consumers that log events to drop. */
    @Override
    public void secretResult(String title, List<String> lines) {
        ObjectNode event = event("result").put("title", title).put("secret", true);
        lines.forEach(event.putArray("lines")::add);
        emit(event);
    }

    @Override
    public void summary(boolean succeeded) {
        emit(event("summary").put("succeeded", succeeded));
    }

    private ObjectNode message(String level, String host, String message) {
        ObjectNode event = event("message");
        if (phase != null) {
            event.put("phase", phase);
        }
        event.put("level", level);
        if (host != null) {
            event.put("host", host);
        }
        return event.put("message", message);
    }

    private ObjectNode event(String type) {
        return JSON.createObjectNode().put("time", clock.instant().toString()).put("event", type);
    }

    private synchronized void emit(ObjectNode event) {
        out.println(event.toString());
        out.flush();
    }
}
