package io.kboot.reset;

import io.kboot.script.ChangeScript;
import io.kboot.script.KeyValues;
import io.kboot.script.Query;
import io.kboot.script.ShellTemplate;
import java.time.Duration;

/**
 * How the cleanup phases talk to a node: one read-only check script per phase that prints
 * {@code key=value} lines (it runs in a dry run too), and, only if the check found something, one
 * change script. A change script keeps going past a step that fails ({@code kb_warn}), reports
 * each such step as a warning, and fails at the end, so one stuck mount does not leave the rest
 * of the node uncleaned. The scripts are templates/reset/PHASE/*.sh.
 */
final class Scripts {
    /** Change scripts wait on containerd and systemd; a stuck one must not hang a reset forever. */
    static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(10);

    private Scripts() {}

    /** "# kboot reset/cleanup-node/files: check", the first line of every script, for logs and tests. */
    static String marker(String phase, String what) {
        return "# kboot reset/" + phase + ": " + what + "\n";
    }

    /** A template of templates/reset/. */
    static ShellTemplate template(String name) {
        return ShellTemplate.of("reset/" + name + ".sh");
    }

    /** Runs a check; fails the phase if the check itself fails. */
    static KeyValues check(ResetContext ctx, String phase, String body) {
        return Query.run(ctx.host(), marker(phase, "check") + body, "checking " + phase);
    }

    /** Runs a change script: warnings it prints go to the reporter, and a failure fails the phase. */
    static void change(ResetContext ctx, String phase, String what, String body) {
        String marker = marker(phase, what);
        ChangeScript.of(marker.substring(0, marker.length() - 1), ChangeScript.Policy.CONTINUE_PAST_FAILURES, body)
                .withTimeout(CHANGE_TIMEOUT).run(ctx.host(), ctx::warn, phase);
    }
}
