package io.kboot.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.ExecResult;
import io.kboot.host.RecordingHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeScriptTest {

    @Test
    void stoppingScriptsRunUnderSetE() {
        ChangeScript script = ChangeScript.of("# kboot x: apply", ChangeScript.Policy.STOP_AT_FIRST_FAILURE, "touch /a\n");
        assertEquals("# kboot x: apply\nset -e\ntouch /a\n", script.text());
    }

    @Test
    void continuingScriptsCountFailuresAndFailAtTheEnd() {
        ChangeScript script = ChangeScript.of("# kboot y: delete", ChangeScript.Policy.CONTINUE_PAST_FAILURES,
                "rm /a || kb_warn 'delete /a'\n");
        assertEquals("""
                # kboot y: delete
                kb_failed=0
                kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
                rm /a || kb_warn 'delete /a'
                if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
                """, script.text());
        assertTrue(script.endingWith("exit 0\n").text().endsWith("kb_warn 'delete /a'\nexit 0\n"));
    }

    @Test
    void aContinuingScriptReportsEachWarningThenFails() {
        String out = "warning: could not delete /a\nother output\nwarning: could not delete /b\n";
        RecordingHost host = new RecordingHost().answer("# kboot y: delete", new ExecResult(1, out, "2 step(s) failed"));
        List<String> warnings = new ArrayList<>();
        ChangeScript script = ChangeScript.of("# kboot y: delete", ChangeScript.Policy.CONTINUE_PAST_FAILURES, "true\n")
                .withTimeout(Duration.ofMinutes(10));
        assertThrows(KbootException.StepFailed.class, () -> script.run(host, warnings::add, "cleanup"));
        assertEquals(List.of("could not delete /a", "could not delete /b"), warnings);
        assertEquals(Duration.ofMinutes(10), host.commands().get(0).command().timeout());
        assertTrue(host.commands().get(0).mutating());
    }

    @Test
    void aStoppingScriptReportsNoWarnings() {
        RecordingHost host = new RecordingHost().answer("# kboot x: apply", ExecResult.success("warning: could not x\n"));
        List<String> warnings = new ArrayList<>();
        ChangeScript.of("# kboot x: apply", ChangeScript.Policy.STOP_AT_FIRST_FAILURE, "true\n").run(host, warnings::add, "x");
        assertEquals(List.of(), warnings);
    }

    @Test
    void aQueryParsesWhatItPrints() {
        RecordingHost host = new RecordingHost().answer("# q", "a=1\na=2\n");
        assertEquals(List.of("1", "2"), Query.run(host, "# q\necho a=1\n", "asking").values("a"));
        assertTrue(!host.commands().get(0).mutating());
    }
}
