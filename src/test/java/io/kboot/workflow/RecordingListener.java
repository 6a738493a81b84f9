package io.kboot.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a listener heard, one line per event: "started path", "finished path", "failed path",
 * "skipped path" (by --skip-phases) or "skipped path (reason)" (by its condition).
 */
public record RecordingListener(List<String> events) implements PhaseListener {

    public RecordingListener() {
        this(new ArrayList<>());
    }

    @Override
    public void started(String path) {
        events.add("started " + path);
    }

    @Override
    public void finished(String path, Duration took) {
        events.add("finished " + path);
    }

    @Override
    public void skipped(String path, String reason) {
        events.add("skipped " + path + (reason.equals(Runner.SKIPPED_BY_REQUEST) ? "" : " (" + reason + ")"));
    }

    @Override
    public void failed(String path, Duration took, Throwable cause) {
        events.add("failed " + path);
    }
}
