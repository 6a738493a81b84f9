package io.kboot.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTemplateTest {

    @Test
    void wordsAreQuotedOnlyWhenTheyNeedIt() {
        assertEquals("rm -f /etc/x || kb_warn 'delete /etc/x'\n", ShellTemplate.of("hostprep/undo/file-written.sh")
                .word("path", "/etc/x").word("failed", "delete /etc/x").render());
        assertEquals("rm -f '/etc/x; rm -rf /' || kb_warn 'delete it'\\''s file'\n",
                ShellTemplate.of("hostprep/undo/file-written.sh").word("path", "/etc/x; rm -rf /")
                        .word("failed", "delete it's file").render());
    }

    @Test
    void aListBecomesQuotedWords() {
        assertEquals("dpkg -r kubelet 'a b' >/dev/null || kb_warn x\n", ShellTemplate.of("hostprep/undo/packages-dpkg.sh")
                .words("packages", List.of("kubelet", "a b")).word("failed", "x").render());
    }

    @Test
    void scriptTextGoesInAsItIs() {
        assertTrue(ShellTemplate.of("reset/files/check.sh").script("kubelet_dir", "kdir=/k; $(x)\n").word("dir", "/k").render()
                .startsWith("kdir=/k; $(x)\necho \"kubelet-dir=$kdir\"\n"));
    }

    @Test
    void templateCommentsAreNotSent() {
        String line = ShellTemplate.of("hostprep/undo/module-loaded.sh").word("module", "overlay").render();
        assertEquals("modprobe -r overlay >/dev/null 2>&1 || true\n", line);
        assertTrue(ShellTemplate.load("hostprep/undo/image-imported.sh").startsWith("if command -v ctr"));
    }

    @Test
    void aPlaceholderWithoutAValueIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ShellTemplate.of("hostprep/undo/file-written.sh").word("path", "/etc/x").render());
        assertEquals("template hostprep/undo/file-written.sh: no value for {{failed}}", e.getMessage());
    }
}
