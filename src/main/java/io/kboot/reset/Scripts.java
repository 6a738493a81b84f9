package io.kboot.reset;

import io.kboot.host.Command;
import io.kboot.host.ExecResult;
import io.kboot.host.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the cleanup phases talk to a node: one read-only check script per phase that prints
 * {@code key=value} lines (it runs in a dry run too), and, only if the check found something, one
 * change script. A change script keeps going past a step that fails ({@code kb_warn}), reports
 * each such step as a warning, and fails at the end, so one stuck mount does not leave the rest
 * of the node uncleaned.
 */
final class Scripts {
    /** Change scripts wait on containerd and systemd; a stuck one must not hang a reset forever. */
    static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(10);

    static final String PRELUDE = """
            kb_failed=0
            kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
            """;

    static final String EPILOGUE = """
            if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
            """;

    private Scripts() {}

    /** "# kboot reset/cleanup-node/files: check", the first line of every script, for logs and tests. */
    static String marker(String phase, String what) {
        return "# kboot reset/" + phase + ": " + what + "\n";
    }

    /** Runs a check; fails the phase if the check itself fails. */
    static Map<String, List<String>> check(ResetContext ctx, String phase, String body) {
        Host host = ctx.host();
        String out = host.exec(Command.query(marker(phase, "check") + body)).orFail(host, "checking " + phase).stdout();
        return parse(out);
    }

    /** Runs a change script: warnings it prints go to the reporter, and a failure fails the phase. */
    static void change(ResetContext ctx, String phase, String what, String body) {
        Host host = ctx.host();
        ExecResult result = host.exec(Command.change(marker(phase, what) + PRELUDE + body + EPILOGUE).withTimeout(CHANGE_TIMEOUT));
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("warning: ")) {
                ctx.warn(line.substring("warning: ".length()));
            }
        }
        result.orFail(host, phase);
    }

    static Map<String, List<String>> parse(String output) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    static List<String> values(Map<String, List<String>> facts, String key) {
        return facts.getOrDefault(key, List.of());
    }

    static String value(Map<String, List<String>> facts, String key) {
        List<String> list = values(facts, key);
        return list.isEmpty() ? "" : list.get(0);
    }
}
