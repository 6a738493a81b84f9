package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kboot.templates.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What operators expect of kubeadm-like tools: unknown commands, -v levels, -o formats, exit codes in help. */
class CliConventionsTest {
    private static CliTest.Outcome call(String commandLine) {
        String[] words = commandLine.split(" ");
        String[] args = Arrays.copyOfRange(words, 1, words.length);
        return switch (words[0]) {
            case "kinit" -> CliTest.kinit(args);
            case "kjoin" -> CliTest.kjoin(args);
            default -> CliTest.kboot(args);
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kboot frobnicate snapshot save --help | frobnicate | kboot",
        "kboot frobnicate                      | frobnicate | kboot",
        "kboot token lst --help                | lst        | kboot token",
        "kboot upgrade plna --help             | plna       | kboot upgrade",
        "kboot certs renw all --help           | renw       | kboot certs",
        "kinit mastr --help                    | mastr      | kinit",
        "kinit master phase certz --help       | certz      | kinit master phase",
        "kinit master phase certs frob --help  | frob       | kinit master phase certs",
        "kboot init phase certz --help         | certz      | kboot init phase",
        "kjoin phase frob --help               | frob       | kjoin phase",
        "kboot join phase frob                 | frob       | kboot join phase"})
    void anUnknownCommandIsExitTwoEverywhereAsKubectlSaysIt(String commandLine, String word, String parent) {
        CliTest.Outcome o = call(commandLine.strip());
        assertEquals(2, o.exitCode(), o.out() + o.err());
        assertTrue(o.err().startsWith("error: unknown command \"" + word + "\" for \"" + parent + "\"\n"), o.err());
        assertTrue(o.err().contains("Run '" + parent + " --help' for usage."), o.err());
        assertEquals("", o.out(), "no help printed as if the command existed");
    }

    @Test
    void aNearNameIsSuggested() {
        CliTest.Outcome o = CliTest.kboot("token", "lst");
        assertTrue(o.err().contains("Did you mean this?\n\tlist\n"), o.err());
    }

    @Test
    void anUnknownFlagBesideHelpIsAnErrorToo() {
        CliTest.Outcome o = CliTest.kboot("token", "list", "--bogus", "--help");
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("--bogus"), o.err());
        assertEquals("", o.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kboot --help", "kboot token list --help", "kinit master --help", "kjoin --help",
        "kinit master phase certs all --help", "kboot version --help"})
    void realCommandsStillPrintTheirHelp(String commandLine) {
        CliTest.Outcome o = call(commandLine);
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().startsWith("Usage: "), o.out());
    }

    @Test
    void verbosityIsOneOptionOnEveryCommandInEverySpelling() {
        assertArrayEquals("--v=1", Verbosity.normalize("-v"));
        assertArrayEquals("--v=3", Verbosity.normalize("-vvv"));
        assertArrayEquals("--v=5", Verbosity.normalize("-v=5"));
        assertArrayEquals("--v=5", Verbosity.normalize("--v=5"));
        assertArrayEquals("--v=1", Verbosity.normalize("--verbose"));
        assertEquals(Arrays.asList("--", "-vvv"), Arrays.asList(Verbosity.normalize("--", "-vvv")));
        assertEquals(Arrays.asList("--version", "-V", "--v", "4"),
                Arrays.asList(Verbosity.normalize("--version", "-V", "--v", "4")));
        for (String help : new String[] {"kboot token list --help", "kinit master --help", "kjoin --help",
            "kboot certs check-expiration --help", "kboot upgrade plan --help", "kinit master phase preflight --help"}) {
            assertTrue(call(help).out().contains("-v, --v=N"), help);
        }
    }

    private static void assertArrayEquals(String expected, String[] actual) {
        assertEquals(1, actual.length);
        assertEquals(expected, actual[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-v=11", "-v=-1", "--v=x", "-v=99999999999999999999"})
    void aBadLevelIsExitTwoNamingIt(String flag) {
        CliTest.Outcome o = CliTest.kboot("token", "list", "--host", "root@127.0.0.1:1", flag);
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().startsWith("error: -v: \"" + flag.substring(flag.indexOf('=') + 1, Math.min(flag.length(),
                flag.indexOf('=') + 1 + 64))), o.err());
        assertFalse(o.err().contains("127.0.0.1"), "refused before connecting: " + o.err());
    }

    @Test
    void aLevelWorksBeforeOrAfterTheSubcommandAndStackTracesNeedOne(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("config"), "[not a kubeconfig");
        CliTest.Outcome quiet = CliTest.kboot("token", "list", "--kubeconfig", garbage.toString());
        assertEquals(2, quiet.exitCode(), quiet.err());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        CliTest.Outcome before = CliTest.kboot("-v=2", "token", "list", "--kubeconfig", garbage.toString());
        CliTest.Outcome after = CliTest.kboot("token", "list", "--kubeconfig", garbage.toString(), "-vv");
        for (CliTest.Outcome o : new CliTest.Outcome[] {before, after}) {
            assertEquals(2, o.exitCode(), o.err());
            assertTrue(o.err().contains("\tat "), "a stack trace at -v: " + o.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kboot token list -o xml", "kboot certs check-expiration -o xml", "kboot version -o xml",
        "kboot token list --output=XML1"})
    void aBadOutputFormatIsExitTwoNamingIt(String commandLine) {
        CliTest.Outcome o = call(commandLine + (commandLine.contains("version") ? "" : " --host root@127.0.0.1:1"));
        assertEquals(2, o.exitCode(), o.err());
        String value = commandLine.substring(commandLine.lastIndexOf(commandLine.contains("=") ? '=' : ' ') + 1);
        assertTrue(o.err().contains(value), o.err());
        assertFalse(o.err().contains("127.0.0.1"), o.err());
    }

    @Test
    void versionPrintsKubeadmsLayoutWithTheCommit() throws Exception {
        JsonNode json = new ObjectMapper().readTree(CliTest.kboot("version", "-o", "json").out());
        JsonNode client = json.path("clientVersion");
        assertEquals(VersionCommand.version(), client.path("gitVersion").asText());
        for (String field : new String[] {"major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate",
            "javaVersion", "platform"}) {
            assertTrue(client.has(field), field + " in " + json);
        }
        assertTrue(client.path("platform").asText().matches("[a-z]+/[a-z0-9]+"), client.toString());
        assertTrue(json.path("kubernetesVersion").asText().startsWith("v1."), json.toString());
        // Built in a git checkout (as the tests are), the build wrote the commit it was made from.
        assertTrue(client.path("gitCommit").asText().matches("[0-9a-f]{40}"), client.toString());
        assertTrue(client.path("gitTreeState").asText().matches("clean|dirty"), client.toString());
        assertEquals(json, Templates.parseYaml(CliTest.kboot("version", "-o", "yaml").out()));
        assertEquals(VersionCommand.version() + "\n", CliTest.kboot("version", "-o", "short").out());
        String text = CliTest.kboot("version").out();
        assertTrue(text.startsWith("kboot " + VersionCommand.version() + " (commit "
                + client.path("gitCommit").asText().substring(0, 12)), text);
        assertTrue(CliTest.kboot("--version").out().contains(client.path("gitCommit").asText().substring(0, 12)));
    }

    @Test
    void theExitCodesAreInTheHelpOfKinitKjoinAndKboot() {
        for (String help : new String[] {"kboot --help", "kinit --help", "kinit master --help", "kjoin --help",
            "kboot init --help", "kboot join --help"}) {
            String out = call(help).out();
            assertTrue(out.contains("Exit status (kboot's, not kubeadm's"), help + ":\n" + out);
            assertTrue(out.contains("  3    preflight checks failed"), help);
        }
    }
}
