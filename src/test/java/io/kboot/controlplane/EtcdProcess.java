package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** A real etcd started from an argument vector, its output in a log file the failures quote. */
final class EtcdProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private EtcdProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static EtcdProcess start(String name, List<String> argv, Path log) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        return new EtcdProcess(name, process, log);
    }

    /**
     * Retries {@code attempt} every 200 ms until it returns without throwing; fails with the last
     * error and this etcd's log when the time is up or etcd exits.
     */
    <T> T await(String what, Duration timeout, Callable<T> attempt) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return fail(name + " exited with " + process.exitValue() + " while waiting for " + what + ":\n" + log());
            }
            try {
                return attempt.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | AssertionError e) {
                last = e instanceof Exception ex ? ex : new IllegalStateException(e.getMessage(), e);
            }
            Thread.sleep(200);
        }
        return fail(name + ": no " + what + " within " + timeout.toSeconds() + " s: " + last + "\n" + log());
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TERM, then KILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
