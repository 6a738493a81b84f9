package io.kboot.script;

import io.kboot.host.Command;
import io.kboot.host.ExecResult;
import io.kboot.host.Host;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One script that changes a host: its marker line (the first line, for logs, dry-run plans and
 * tests), what its {@link Policy} puts around the body, and the body. A dry run records it.
 */
public final class ChangeScript {
    /** What a continuing script prints before each step that failed. */
    static final String WARNING = "warning: ";

    /** What happens when a command of the script fails. */
    public enum Policy {
        /**
         * {@code set -e}: the first failing command stops the script, and with it the step;
         * {@code kb_fail MESSAGE} stops it with a reason. For steps whose changes build on each other.
         */
        STOP_AT_FIRST_FAILURE("script/stop.sh", ""),
        /**
         * Every command runs; one that fails calls {@code kb_warn WHAT} ("could not WHAT" becomes a
         * warning), and the script fails at the end if any did. For cleanups, where one stuck mount
         * must not leave the rest of the node as it was.
         */
        CONTINUE_PAST_FAILURES("script/continue.sh", "script/continue-end.sh");

        private final String prelude;
        private final String ending;

        Policy(String prelude, String ending) {
            this.prelude = prelude;
            this.ending = ending;
        }
    }

    private final String marker;
    private final Policy policy;
    private final String body;
    private final String ending;
    private final Duration timeout;
    private final Consumer<String> progressLines;

    private ChangeScript(String marker, Policy policy, String body, String ending, Duration timeout,
            Consumer<String> progressLines) {
        this.marker = Objects.requireNonNull(marker, "marker");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.body = Objects.requireNonNull(body, "body");
        this.ending = Objects.requireNonNull(ending, "ending");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.progressLines = Objects.requireNonNull(progressLines, "progressLines");
    }

    /** @param marker the first line, without its newline: "# kboot prepare/modules: apply" */
    public static ChangeScript of(String marker, Policy policy, String body) {
        String ending = policy.ending.isEmpty() ? "" : ShellTemplate.load(policy.ending);
        return new ChangeScript(marker, policy, body, ending, Command.DEFAULT_TIMEOUT, line -> {});
    }

    /** The same script with its own last lines instead of the policy's (which must still fail if a step did). */
    public ChangeScript endingWith(String newEnding) {
        return new ChangeScript(marker, policy, body, newEnding, timeout, progressLines);
    }

    public ChangeScript withTimeout(Duration newTimeout) {
        return new ChangeScript(marker, policy, body, ending, newTimeout, progressLines);
    }

    /** Gets the script's progress lines ({@code echo "kb_progress ..."}) while it runs. */
    public ChangeScript withProgressLines(Consumer<String> listener) {
        return new ChangeScript(marker, policy, body, ending, timeout, listener);
    }

    public Policy policy() {
        return policy;
    }

    public String text() {
        return marker + "\n" + ShellTemplate.load(policy.prelude) + body + ending;
    }

    /**
     * Runs the script; the steps a continuing script could not do go to {@code warnings} ("could not stop the
     * kubelet"), and then a failure fails {@code what}.
     */
    public void run(Host host, Consumer<String> warnings, String what) {
        ExecResult result = host.exec(Command.change(text()).withTimeout(timeout).withProgressLines(progressLines));
        if (policy == Policy.CONTINUE_PAST_FAILURES) {
            for (String line : result.stdout().split("\n")) {
                if (line.startsWith(WARNING)) {
                    warnings.accept(line.substring(WARNING.length()));
                }
            }
        }
        result.orFail(host, what);
    }
}
