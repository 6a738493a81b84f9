package io.kboot.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A long script's progress lines reach the caller while it runs, and stay in its output. */
class ProgressLinesTest {
    @Test
    void progressLinesAreHandedOverAsTheyComeAndKeptInTheOutput() {
        List<String> seen = new ArrayList<>();
        ExecResult result = new LocalHost().exec(Command.change("""
                echo start
                echo "kb_progress checked bin/kubelet"
                echo "not kb_progress"
                printf 'kb_progress checked images/pause.tar\\n'
                echo end""").withProgressLines(seen::add));
        assertEquals(List.of("checked bin/kubelet", "checked images/pause.tar"), seen);
        assertEquals("start\nkb_progress checked bin/kubelet\nnot kb_progress\nkb_progress checked images/pause.tar\nend\n",
                result.stdout());
    }
}
