package io.kboot.report;

import java.time.Duration;
import java.util.List;

/**
 * A reporter that drops everything ({@link Reporter#silent()}); a subclass keeps the one kind of
 * event it is for.
 */
public class SilentReporter implements Reporter {
    @Override
    public void info(String host, String message) {}

    @Override
    public void warn(String host, String message) {}

    @Override
    public void detail(String host, String message) {}

    @Override
    public void plan(String host, List<String> changes) {}

    @Override
    public void result(String title, List<String> lines) {}

    @Override
    public void summary(boolean succeeded) {}

    @Override
    public void started(String path) {}

    @Override
    public void finished(String path, Duration took) {}

    @Override
    public void skipped(String path, String reason) {}

    @Override
    public void failed(String path, Duration took, Throwable cause) {}
}
