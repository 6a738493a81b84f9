package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kboot apply} with bad input: exit 2, one clear message, and no host touched. The hosts
 * are on 127.0.0.1's port 1, where nothing listens: a run that got as far as connecting would fail
 * with exit 1 and say "[connect]".
 */
class ApplyCliTest {
    private static final String TOKEN = "abcdef.0123456789abcdef";
    private static final String KEY = "f1c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80";

    @TempDir
    Path dir;

    private CliTest.Outcome apply(String yaml, String... flags) throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, yaml);
        String[] args = new String[flags.length + 3];
        args[0] = "apply";
        args[1] = "-f";
        args[2] = file.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        return CliTest.kboot(args);
    }

    private static void assertUntouched(CliTest.Outcome o) {
        assertEquals(2, o.exitCode(), o.out() + o.err());
        assertFalse(o.out().contains("[connect]"), o.out());
        assertTrue(o.err().startsWith("error: "), o.err());
    }

    private static final String GOOD = """
            apiVersion: kboot.io/v1alpha1
            kind: Cluster
            ssh: {port: 1}
            hosts:
            - {name: cp1, address: 127.0.0.1, role: control-plane}
            """;

    @Test
    void badFilesAreExitTwoWithTheirLineAndNoHostIsTouched() throws Exception {
        CliTest.Outcome noCp = apply(GOOD.replace("control-plane", "worker"));
        assertUntouched(noCp);
        assertTrue(noCp.err().contains("cluster.yaml:4:1: Cluster hosts: no host has role control-plane"), noCp.err());

        CliTest.Outcome typo = apply(GOOD.replace("role:", "rol:"));
        assertUntouched(typo);
        assertTrue(typo.err().contains("unknown field \"rol\" in Cluster hosts[0]"), typo.err());

        assertUntouched(apply(GOOD.replace("{port: 1}", "{port: 1, key: " + dir.resolve("missing") + "}")));
        assertTrue(CliTest.kboot("apply", "-f", dir.resolve("nothing.yaml").toString()).err()
                .contains("cannot read config file " + dir.resolve("nothing.yaml") + ": no such file"));
    }

    @Test
    void badFlagsAreExitTwo() throws Exception {
        assertUntouched(apply(GOOD, "--wave-size", "0"));
        assertTrue(apply(GOOD, "--wave-size", "0").err().contains("--wave-size: 0 is not a wave size (at least 1)"));
        assertUntouched(apply(GOOD, "--token-ttl", "1m"));
        assertUntouched(apply(GOOD, "--token-ttl", "soon"));
        CliTest.Outcome noFile = CliTest.kboot("apply");
        assertEquals(2, noFile.exitCode());
        assertTrue(noFile.err().contains("Missing required option: '--filename=FILE'"), noFile.err());
    }

    @Test
    void secretsInTheFileNeverReachTheOutput() throws Exception {
        CliTest.Outcome o = apply(GOOD.replace("control-plane}", "control-plane, labels: {\"a b\": c}}") + """
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                certificateKey: %s
                bootstrapTokens:
                - token: %s
                  ttl: forever
                """.formatted(KEY, TOKEN), "-v");
        assertUntouched(o);
        assertTrue(o.err().contains("InitConfiguration bootstrapTokens[0].ttl"), o.err());
        String all = o.out() + o.err();
        assertFalse(all.contains("0123456789abcdef"), all);
        assertFalse(all.contains(KEY), all);
    }

    @Test
    void helpShowsTheFileAndExamples() {
        CliTest.Outcome help = CliTest.kboot("apply", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("--wave-size"), help.out());
        assertTrue(help.out().contains("kboot apply -f cluster.yaml --dry-run"), help.out());
        assertTrue(CliTest.kboot("--help").out().contains("apply"));
    }
}
