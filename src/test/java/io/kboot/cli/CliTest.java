package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The commands called as a user calls them, with captured output; no host is touched. */
class CliTest {
    record Outcome(int exitCode, String out, String err) {}

    static Outcome run(Supplier<CommandLine> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(command.get(), new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Outcome kinit(String... args) {
        return run(KinitCommand::commandLine, args);
    }

    static Outcome kjoin(String... args) {
        return run(KjoinCommand::commandLine, args);
    }

    static Outcome kboot(String... args) {
        return run(KbootCommand::commandLine, args);
    }

    private static final String HASH = "sha256:3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a";
    private static final String TOKEN = "abcdef.0123456789abcdef";

    @ParameterizedTest
    @ValueSource(strings = {"kinit", "kinit master", "kinit master phase", "kinit master phase preflight", "kjoin",
        "kjoin phase preflight", "kboot", "kboot init", "kboot init phase", "kboot join", "kboot token",
        "kboot token generate", "kboot token create", "kboot token list", "kboot token delete", "kboot version",
        "kboot completion",
        "kboot apply"})
    void everyCommandHasHelpWithUsage(String command) {
        String[] words = command.split(" ");
        String[] args = Arrays.copyOfRange(words, 1, words.length + 1);
        args[args.length - 1] = "--help";
        Outcome outcome = switch (words[0]) {
            case "kinit" -> kinit(args);
            case "kjoin" -> kjoin(args);
            default -> kboot(args);
        };
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().startsWith("Usage: "), outcome.out());
    }

    @Test
    void phaseCommandsAreBuiltOnlyWhenTheArgumentsUseThemAndHelpIsTheSameEitherWay() {
        String[] help = {"master", "--help"};
        Outcome lazy = run(() -> KinitCommand.commandLine(help), help);
        assertEquals(kinit(help).out(), lazy.out());
        String[] phase = {"master", "phase", "preflight", "--help"};
        Outcome generated = run(() -> KinitCommand.commandLine(phase), phase);
        assertEquals(0, generated.exitCode(), generated.err());
        assertTrue(generated.out().startsWith("Usage: kinit master phase preflight"), generated.out());
        String[] join = {"phase", "preflight", "--help"};
        assertEquals(0, run(() -> KjoinCommand.commandLine(join), join).exitCode());
        String[] init = {"init", "phase", "--help"};
        assertTrue(run(() -> KbootCommand.commandLine(init), init).out().contains("preflight"));
    }

    @Test
    void onlyThePhaseCommandsTheArgumentsNameAreGeneratedAndHelpIsTheSame() {
        for (String[] args : List.of(new String[] {"master", "phase", "certs", "--help"},
                new String[] {"master", "phase", "--help"}, new String[] {"master", "phase", "certs", "all", "--help"},
                new String[] {"master", "phase", "upload-config", "kubeadm", "--help"})) {
            assertEquals(kinit(args).out(), run(() -> KinitCommand.commandLine(args), args).out(), String.join(" ", args));
        }
        CommandLine phase = KinitCommand.commandLine("master", "phase", "certs", "all", "--config", "x.yaml")
                .getSubcommands().get("master").getSubcommands().get("phase");
        CommandLine certs = phase.getSubcommands().get("certs");
        assertTrue(certs.getCommandSpec().findOption("--config") != null);
        assertTrue(certs.getSubcommands().get("all").getCommandSpec().findOption("--config") != null);
        assertEquals(null, certs.getSubcommands().get("apiserver").getCommandSpec().findOption("--config"));
        assertEquals(null, phase.getSubcommands().get("kubeconfig").getCommandSpec().findOption("--config"));
    }

    @Test
    void subcommandsNotNamedAreStandInsAndTheTopLevelHelpIsTheSameEitherWay() {
        String[] help = {"--help"};
        CommandLine kinit = KinitCommand.commandLine(help);
        // A stand-in has no options of its own; -v is inherited from kinit by every command.
        assertTrue(kinit.getSubcommands().get("master").getCommandSpec().options().stream()
                .allMatch(CommandLine.Model.OptionSpec::inherited), "master is a stand-in");
        assertEquals(run(KinitCommand::commandLine, help).out(), run(() -> KinitCommand.commandLine(help), help).out());
        assertEquals(run(KbootCommand::commandLine, help).out(), run(() -> KbootCommand.commandLine(help), help).out());
        String[] alias = {"control-plane", "--help"};
        assertTrue(run(() -> KinitCommand.commandLine(alias), alias).out().startsWith("Usage: kinit master"));
        String[] join = {"join", "--help"};
        assertTrue(run(() -> KbootCommand.commandLine(join), join).out().contains("--discovery-token-ca-cert-hash"));
        assertFalse(KbootCommand.commandLine(join).getSubcommands().get("join").getCommandSpec().options().isEmpty());
    }

    @Test
    void kbootsInitAndJoinAreUsedUnderTheirOwnNames() {
        assertTrue(kboot("join", "--help").out().startsWith("Usage: kboot join "), kboot("join", "--help").out());
        assertTrue(kboot("init", "--help").out().startsWith("Usage: kboot init "), kboot("init", "--help").out());
        assertTrue(kboot("init", "phase", "preflight", "--help").out().startsWith("Usage: kboot init phase preflight"));
    }

    @Test
    void helpListsThePhasesAndExamples() {
        String help = kinit("master", "--help").out();
        assertTrue(help.contains("Phases (run one with 'phase <name>', skip with --skip-phases):"), help);
        assertTrue(help.contains("  preflight "), help);
        assertTrue(help.contains("Examples:"), help);
        assertTrue(kjoin("--help").out().contains("--discovery-token-ca-cert-hash"));
    }

    @Test
    void aMalformedTokenIsABadInputThatDoesNotEchoTheValue() {
        Outcome o = kjoin("192.168.56.10:6443", "--token", "abc", "--discovery-token-ca-cert-hash", HASH);
        assertEquals(2, o.exitCode());
        assertEquals("error: Invalid value for option '--token': invalid bootstrap token (3 characters): expected the form"
                + " [a-z0-9]{6}.[a-z0-9]{16}, e.g. abcdef.0123456789abcdef\nTry 'kjoin --help' for usage.\n", o.err());
    }

    @Test
    void aMalformedCaHashIsABadInput() {
        Outcome o = kjoin("192.168.56.10:6443", "--token", TOKEN, "--discovery-token-ca-cert-hash", "sha256:abc");
        assertEquals(2, o.exitCode());
        assertTrue(o.err().startsWith("error: Invalid value for option '--discovery-token-ca-cert-hash' (sha256:HEX):"
                + " invalid CA certificate hash \"sha256:abc\": expected 64 hex digits after sha256:, got 3 characters"),
                o.err());
    }

    @Test
    void joinNeedsAnEndpointATokenAndCaTrust() {
        assertEquals("error: no API server endpoint: give it as the first argument, e.g. kjoin 192.168.56.10:6443 ...\n",
                kjoin("--token", TOKEN).err());
        assertEquals("error: no bootstrap token: pass --token <id>.<secret>\n", kjoin("192.168.56.10:6443").err());
        Outcome noPin = kjoin("192.168.56.10:6443", "--token", TOKEN);
        assertEquals(2, noPin.exitCode());
        assertTrue(noPin.err().contains("--discovery-token-unsafe-skip-ca-verification"), noPin.err());
        assertEquals(2, kjoin("192.168.56.10", "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH,
                "--certificate-key", "nothex").exitCode());
        assertEquals(2, kjoin("192.168.56.10:99999", "--token", TOKEN).exitCode());
    }

    @Test
    void aCertificateKeyWithoutControlPlaneIsBadInput() {
        Outcome o = kjoin("192.168.56.10:6443", "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH,
                "--certificate-key", "a".repeat(64));
        assertEquals(2, o.exitCode());
        assertEquals("error: --certificate-key is for joining a control plane: add --control-plane,"
                + " or leave the key out to join a worker\n", o.err());
        assertTrue(!o.err().contains("a".repeat(64)), "the key is not echoed");
    }

    @Test
    void aKubernetesVersionKbootCannotPrepareForIsBadInput() {
        Outcome o = kjoin("phase", "prepare", "192.168.56.10:6443", "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH,
                "--kubernetes-version", "v1.20.0");
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().startsWith("error: --kubernetes-version: "), o.err());
        assertTrue(o.err().contains("v1.20.0"), o.err());
    }

    @Test
    void anUnknownPhaseIsRejectedWithTheValidOnes() {
        Outcome skip = kinit("master", "--skip-phases", "certz");
        assertEquals(2, skip.exitCode());
        assertTrue(skip.err().startsWith("error: unknown phase \"certz\" for kinit master; valid phases: preflight"), skip.err());
        Outcome phase = kinit("master", "phase", "certz");
        assertEquals(2, phase.exitCode());
        assertTrue(phase.err().startsWith("error: unknown command \"certz\" for \"kinit master phase\""), phase.err());
    }

    @Test
    void badValuesAreRejectedBeforeAnyHostIsContacted() {
        // Port 1 on loopback: if kboot tried to connect, the error would be a connection error, not the CIDR.
        Outcome o = kinit("master", "--host", "root@127.0.0.1:1", "--pod-network-cidr", "10.244.0/16");
        assertEquals(2, o.exitCode());
        assertEquals("error: Invalid value for option '--pod-network-cidr': \"10.244.0/16\" is not a CIDR:"
                + " \"10.244.0\" is not an IP address\nTry 'kinit master --help' for usage.\n", o.err());
        assertFalse(o.out().contains("[preflight]"));
        assertEquals(2, kinit("master", "--encryption-algorithm", "DSA").exitCode());
        assertEquals(2, kinit("master", "--advertise-address", "cp1.example").exitCode());
        assertEquals(2, kinit("master", "--apiserver-bind-port", "0").exitCode());
        assertEquals(2, kinit("master", "--kubernetes-version", "latest").exitCode());
    }

    @Test
    void configProblemsNameTheFileLineAndField(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                networking:
                  podSubnet: 10.244.0.0/16
                  servicesubnet: 10.96.0.0/12
                """);
        Outcome o = kinit("master", "--config", config.toString());
        assertEquals(2, o.exitCode());
        assertEquals("error: " + config + ":5:3: unknown field \"servicesubnet\" in ClusterConfiguration networking"
                + " (known fields: dnsDomain, podSubnet, serviceSubnet)\n", o.err());
        Outcome missing = kinit("master", "--config", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("error: cannot read config file " + dir.resolve("nope.yaml") + ": no such file\n", missing.err());
    }

    @Test
    void patchProblemsNameTheFileBeforeAnyHostIsContacted(@TempDir Path dir) throws Exception {
        Outcome missing = kinit("master", "--host", "root@127.0.0.1:1", "--patches", dir.resolve("nope").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("error: patches: " + dir.resolve("nope") + " is not a directory\n", missing.err());
        Files.writeString(dir.resolve("kube-apiserver+jsn.yaml"), "[]\n");
        Outcome badType =
                kjoin("10.0.0.1:6443", "--token", "abcdef.0123456789abcdef", "--discovery-token-unsafe-skip-ca-verification",
                        "--host", "root@127.0.0.1:1", "--patches", dir.toString());
        assertEquals(2, badType.exitCode());
        assertTrue(badType.err().contains(dir.resolve("kube-apiserver+jsn.yaml") + ": unknown or missing patch type after '+'"),
                badType.err());
        assertFalse(badType.out().contains("[preflight]"));
        Path config = Files.writeString(dir.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                patches:
                  directory: %s
                """.formatted(dir.resolve("nope")));
        Outcome fromConfig = kinit("master", "--host", "root@127.0.0.1:1", "--config", config.toString());
        assertEquals(2, fromConfig.exitCode());
        assertEquals("error: patches: " + dir.resolve("nope") + " is not a directory\n", fromConfig.err());
    }

    @Test
    void aPatchThatCannotApplyIsBadInputBeforeAnyHostIsContacted(@TempDir Path dir) throws Exception {
        Path patch =
                Files.writeString(dir.resolve("kube-scheduler+json.yaml"), "- {op: remove, path: /spec/containers/0/nothing}\n");
        Outcome init = kinit("master", "--host", "root@127.0.0.1:1", "--patches", dir.toString());
        assertEquals(2, init.exitCode());
        assertTrue(init.err().startsWith("error: patches: " + patch + ": could not apply the json patch to \"kube-scheduler\""),
                init.err());
        assertFalse(init.out().contains("[preflight]"), init.out());
        String[] join = {"10.0.0.1:6443", "--token", "abcdef.0123456789abcdef", "--discovery-token-unsafe-skip-ca-verification",
            "--host", "root@127.0.0.1:1", "--patches", dir.toString()};
        // A worker writes no static Pods: the scheduler's patch is not its concern (kubeadm's join ignores it too).
        assertTrue(kjoin(join).err().contains("127.0.0.1:1"), "a worker's join got as far as the host");
        String[] controlPlane = Stream.concat(Arrays.stream(join), Stream.of("--control-plane"))
                .toArray(String[]::new);
        assertEquals(2, kjoin(controlPlane).exitCode());
        Files.delete(patch);
        Path kubelet =
                Files.writeString(dir.resolve("kubeletconfiguration+json.yaml"), "- {op: test, path: /kind, value: Pod}\n");
        Outcome worker = kjoin(join);
        assertEquals(2, worker.exitCode());
        assertTrue(
                worker.err().startsWith(
                        "error: patches: " + kubelet + ": could not apply the json patch to \"kubeletconfiguration\""),
                worker.err());
    }

    @Test
    void versionTokenAndCompletion() {
        Outcome version = kboot("version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("kboot "), version.out());
        assertTrue(kboot("version", "-o", "json").out().startsWith("{\n  \"clientVersion\": {"));
        assertTrue(kboot("token", "generate").out().matches("[a-z0-9]{6}\\.[a-z0-9]{16}\\n"));
        Outcome completion = kboot("completion", "kinit");
        assertEquals(0, completion.exitCode());
        assertTrue(completion.out().contains("complete -F"), completion.out());
        assertTrue(completion.out().contains("master"), "completes subcommands");
        assertEquals(2, kboot("nope").exitCode());
        assertEquals(2, kinit().exitCode());
    }

    @Test
    void tokenCommandsRefuseBadInputBeforeTouchingAHost() {
        Outcome badId = kboot("token", "delete", "NOT-AN-ID", "--host", "root@192.0.2.1");
        assertEquals(2, badId.exitCode(), badId.err());
        assertTrue(badId.err().contains("is not a token id or a token"), badId.err());
        Outcome badTtl = kboot("token", "create", "--ttl", "soon", "--host", "root@192.0.2.1");
        assertEquals(2, badTtl.exitCode(), badTtl.err());
        assertTrue(badTtl.err().contains("\"soon\" is not a duration"), badTtl.err());
        Outcome secret = kboot("token", "delete", "abcdef.0123456789abcdeX");
        assertEquals(2, secret.exitCode());
        assertTrue(!secret.err().contains("0123456789abcde"), "a token's secret is not echoed: " + secret.err());
    }
}
