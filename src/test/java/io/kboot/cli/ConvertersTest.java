package io.kboot.cli;

import static io.kboot.cli.CliTest.kboot;
import static io.kboot.cli.CliTest.kinit;
import static io.kboot.cli.CliTest.kjoin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.config.Endpoint;
import io.kboot.config.GoDuration;
import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.ValueRules;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import org.junit.jupiter.api.Test;

/**
 * Every flag with a converter, a bad value each: the whole of stderr and exit 2, so converters
 * registered per type and those named per option keep the wording picocli and the parsers give today.
 */
class ConvertersTest {
    private static final String NOWHERE = "root@127.0.0.1:1";
    private static final String TOKEN = "abcdef.0123456789abcdef";
    private static final String HASH = "sha256:3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a";

    private static void refused(CliTest.Outcome outcome, String... stderr) {
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(String.join("\n", stderr) + "\n", outcome.err());
    }

    private static CliTest.Outcome master(String flag, String value) {
        return kinit("master", "--host", NOWHERE, flag, value);
    }

    private static CliTest.Outcome join(String... args) {
        String[] all = new String[args.length + 6];
        all[0] = "--host";
        all[1] = NOWHERE;
        all[2] = "--token";
        all[3] = TOKEN;
        all[4] = "--discovery-token-ca-cert-hash";
        all[5] = HASH;
        System.arraycopy(args, 0, all, 6, args.length);
        return kjoin(all);
    }

    private static final String MASTER_HELP = "Try 'kinit master --help' for usage.";
    private static final String KJOIN_HELP = "Try 'kjoin --help' for usage.";

    @Test
    void typesWithOneMeaningAreParsedTheSameWherever() {
        refused(master("--advertise-address", "10.0.0.300"),
                "error: Invalid value for option '--advertise-address': \"10.0.0.300\" is not an IP address", MASTER_HELP);
        refused(master("--control-plane-endpoint", "a b:6443"),
                "error: Invalid value for option '--control-plane-endpoint': " + endpointMessage("a b:6443"), MASTER_HELP);
        refused(master("--kubernetes-version", "1.x"),
                "error: Invalid value for option '--kubernetes-version': " + versionMessage("1.x"), MASTER_HELP);
        refused(master("--token", "nope"),
                "error: Invalid value for option '--token': " + tokenMessage("nope"), MASTER_HELP);
        refused(master("--token-ttl", "soon"),
                "error: Invalid value for option '--token-ttl': " + durationMessage("soon"), MASTER_HELP);
        refused(join("--discovery-token-ca-cert-hash", "sha256:00", "127.0.0.1:1"),
                "error: Invalid value for option '--discovery-token-ca-cert-hash' (sha256:HEX): " + hashMessage("sha256:00"), KJOIN_HELP);
        refused(kjoin("not a host:x", "--host", NOWHERE),
                "error: Invalid value for positional parameter at index 0 (API_ENDPOINT): " + endpointMessage("not a host:x"),
                KJOIN_HELP);
        refused(kboot("token", "create", "--ttl", "soon"),
                "error: Invalid value for option '--ttl': " + durationMessage("soon"), "Try 'kboot token create --help' for usage.");
        refused(kboot("token", "create", "nope"),
                "error: Invalid value for positional parameter at index 0 (TOKEN): " + tokenMessage("nope"),
                "Try 'kboot token create --help' for usage.");
        refused(kboot("apply", "-f", "cluster.yaml", "--token-ttl", "1"),
                "error: Invalid value for option '--token-ttl': " + durationMessage("1"), "Try 'kboot apply --help' for usage.");
    }

    @Test
    void valuesOfOneTypeWithSeveralRulesNameTheirRule() {
        refused(master("--apiserver-bind-port", "70000"),
                "error: Invalid value for option '--apiserver-bind-port': " + portMessage("70000"), MASTER_HELP);
        refused(master("--apiserver-bind-port", "x"),
                "error: Invalid value for option '--apiserver-bind-port': \"x\" is not a port (expected 1-65535)", MASTER_HELP);
        refused(kinit("master", "--host", "root@127.0.0.1", "--ssh-port", "0"),
                "error: Invalid value for option '--ssh-port': " + portMessage("0"), MASTER_HELP);
        refused(join("--apiserver-bind-port", "-1", "127.0.0.1:1"),
                "error: Invalid value for option '--apiserver-bind-port': " + portMessage("-1"), KJOIN_HELP);
        refused(master("--pod-network-cidr", "10.0.0.0/33"),
                "error: Invalid value for option '--pod-network-cidr': " + message(() -> ValueRules.cidrs("10.0.0.0/33")),
                MASTER_HELP);
        refused(master("--service-cidr", "10.96.0.0/30"),
                "error: Invalid value for option '--service-cidr': "
                        + message(() -> ValueRules.serviceSubnets("10.96.0.0/30")), MASTER_HELP);
        refused(master("--cert-dir", "/etc/pki dir"),
                "error: Invalid value for option '--cert-dir': " + message(() -> ValueRules.path("/etc/pki dir")), MASTER_HELP);
        refused(master("--kubeconfig-dir", "$HOME"),
                "error: Invalid value for option '--kubeconfig-dir': " + message(() -> ValueRules.path("$HOME")), MASTER_HELP);
        refused(master("--node-name", "Node_1"),
                "error: Invalid value for option '--node-name': " + message(() -> ValueRules.dnsSubdomain("Node_1")), MASTER_HELP);
        refused(master("--service-dns-domain", "Cluster.Local"),
                "error: Invalid value for option '--service-dns-domain': " + message(() -> ValueRules.dnsSubdomain("Cluster.Local")),
                MASTER_HELP);
        refused(master("--apiserver-cert-extra-sans", "ok.example,bad name"),
                "error: Invalid value for option '--apiserver-cert-extra-sans' (SAN): "
                        + message(() -> ValueRules.certSan("bad name")), MASTER_HELP);
        refused(master("--encryption-algorithm", "ed448"),
                "error: Invalid value for option '--encryption-algorithm': "
                        + message(() -> InitSettings.encryptionAlgorithm("ed448")), MASTER_HELP);
        refused(master("--certificate-key", "abc"),
                "error: Invalid value for option '--certificate-key': "
                        + message(() -> ValueRules.certificateKey("abc")), MASTER_HELP);
        refused(master("--cri-socket", "tcp://x"),
                "error: Invalid value for option '--cri-socket': " + message(() -> ValueRules.criSocket("tcp://x")),
                MASTER_HELP);
    }

    private static String message(Runnable parse) {
        try {
            parse.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    private static String endpointMessage(String value) {
        return message(() -> Endpoint.parse(value));
    }

    private static String versionMessage(String value) {
        return message(() -> KubernetesVersion.parse(value));
    }

    private static String tokenMessage(String value) {
        return message(() -> BootstrapToken.parse(value));
    }

    private static String hashMessage(String value) {
        return message(() -> CaCertHash.parse(value));
    }

    private static String durationMessage(String value) {
        return message(() -> GoDuration.parse(value));
    }

    private static String portMessage(String value) {
        return message(() -> ValueRules.port(Integer.parseInt(value)));
    }
}
