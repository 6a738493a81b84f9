package io.kboot.host;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A host for unit tests (rig's MockRunner style): commands are answered from a table of canned
 * outputs, matched by a string the script contains; every command and upload is recorded in order.
 * Files "exist" if a test put them there or an upload wrote them. A query without a canned answer
 * fails the test's step (exit 127); a change without one succeeds.
 */
public final class RecordingHost implements Host {

    /** What happened on the host, in order. */
    public sealed interface Event permits Exec, Upload {}

    public record Exec(Command command) implements Event {
        public String script() {
            return command.script();
        }

        public boolean mutating() {
            return command.mutating();
        }
    }

    public record Upload(String path, byte[] content, FileAttributes attributes) implements Event {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private record Rule(Predicate<String> matches, Deque<ExecResult> answers) {
        ExecResult next() {
            return answers.size() > 1 ? answers.removeFirst() : answers.getFirst();
        }
    }

    private final String name;
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private final List<Event> events = new ArrayList<>();

    public RecordingHost() {
        this("node1");
    }

    public RecordingHost(String name) {
        this.name = name;
    }

    /** Scripts containing {@code marker} print {@code stdout} and succeed. Later rules win. */
    public RecordingHost answer(String marker, String stdout) {
        return answer(marker, ExecResult.success(stdout));
    }

    public RecordingHost answer(String marker, ExecResult result) {
        rules.add(0, new Rule(script -> script.contains(marker), new ArrayDeque<>(List.of(result))));
        return this;
    }

    /** Successive runs of scripts containing {@code marker} get these outputs; the last one repeats. */
    public RecordingHost answers(String marker, String... stdouts) {
        Deque<ExecResult> queue = new ArrayDeque<>();
        for (String out : stdouts) {
            queue.add(ExecResult.success(out));
        }
        rules.add(0, new Rule(script -> script.contains(marker), queue));
        return this;
    }

    public RecordingHost file(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized ExecResult exec(Command command) {
        events.add(new Exec(command));
        for (Rule rule : rules) {
            if (rule.matches().test(command.script())) {
                return rule.next();
            }
        }
        if (command.mutating()) {
            return ExecResult.success("");
        }
        String first = command.script().lines().findFirst().orElse("");
        return new ExecResult(127, "", "RecordingHost: no canned output for query: " + first);
    }

    @Override
    public synchronized void upload(Content content, String path, FileAttributes attributes) {
        byte[] bytes = content.bytes();
        events.add(new Upload(path, bytes, attributes));
        files.put(path, bytes);
    }

    @Override
    public synchronized Optional<byte[]> read(String path) {
        return Optional.ofNullable(files.get(path)).map(byte[]::clone);
    }

    @Override
    public synchronized boolean exists(String path) {
        return files.containsKey(path);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized List<Exec> commands() {
        return events.stream().filter(Exec.class::isInstance).map(Exec.class::cast).toList();
    }

    /** The scripts that would change the host, in order. */
    public synchronized List<String> changes() {
        return commands().stream().filter(Exec::mutating).map(Exec::script).toList();
    }

    public synchronized List<Upload> uploads() {
        return events.stream().filter(Upload.class::isInstance).map(Upload.class::cast).toList();
    }

    /** The text uploaded to {@code path}; fails if nothing was. */
    public synchronized String uploaded(String path) {
        return uploads().stream().filter(u -> u.path().equals(path)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("nothing uploaded to " + path + "; uploads: "
                        + uploads().stream().map(Upload::path).toList()))
                .text();
    }
}
