package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion scripts and man pages the build ships: bash completes from the file alone, roff that man reads. */
class DistributionFilesTest {
    @Test
    void bashCompletesKbootsCommandsFromTheGeneratedFileWithoutAJvm(@TempDir Path dir) throws Exception {
        DistributionFiles.write(dir);
        for (String program : new String[] {"kboot", "kinit", "kjoin"}) {
            assertTrue(Files.size(dir.resolve("share/bash-completion/completions/" + program)) > 1000, program);
            assertTrue(Files.readString(dir.resolve("share/man/man1/" + program + ".1")).startsWith(".TH "
                    + program.toUpperCase(Locale.ROOT) + " 1 "), program);
        }
        assertEquals("token", complete(dir, "kboot", "kboot tok"));
        assertEquals("check-expiration", complete(dir, "kboot", "kboot certs check-exp"));
        assertEquals("master", complete(dir, "kinit", "kinit mas"));
        String man = Files.readString(dir.resolve("share/man/man1/kboot.1"));
        assertTrue(man.contains(".SS \"kboot token list\"\n"), "every command's help");
        assertTrue(man.contains(".SH EXIT STATUS\n"), "exit codes");
        assertTrue(man.contains(".B KUBECONFIG\n"), "environment");
    }

    /** What bash's programmable completion offers for the last word of {@code line}, from the script alone. */
    private static String complete(Path dir, String program, String line) throws Exception {
        String[] words = line.split(" ");
        String script = "source " + dir.resolve("share/bash-completion/completions/" + program) + "\n"
                + "COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT="
                + line.length() + "\n"
                + "_complete_" + program + " " + program + " " + words[words.length - 1] + " " + words[words.length - 2] + "\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS));
        return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
