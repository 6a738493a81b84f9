package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResetCommandTest {
    @Test
    void helpSaysItRestoresHostPreparationOnly() {
        CliTest.Outcome help = CliTest.kboot("reset", "--help");
        assertEquals(0, help.exitCode(), help.err());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("This restores host preparation only"), text);
        assertTrue(text.contains("/var/lib/kboot/hostprep.jsonl"), text);
        assertTrue(CliTest.kboot("--help").out().contains("kboot reset"));
    }

    @Test
    void badInputTouchesNoHost() {
        CliTest.Outcome o = CliTest.kboot("reset", "--bogus");
        assertEquals(2, o.exitCode());
    }
}
