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
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every flag with a converter, a bad value each: the whole of stderr and exit 2, so converters
 * registered per type and those named per option keep the wording picocli and the parsers give:
 * picocli's prefix, then the parser's own message, then where to find help.
 */
class ConvertersTest {
    private static final String NOWHERE = "root@127.0.0.1:1";
    private static final String TOKEN = "abcdef.0123456789abcdef";
    private static final String HASH = "sha256:3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a";
    private static final String MASTER_HELP = "Try 'kinit master --help' for usage.";
    private static final String KJOIN_HELP = "Try 'kjoin --help' for usage.";

    @Test
    void typesWithOneMeaningAreParsedTheSameWherever() {
        refused(kinit("master", "--host", NOWHERE, "--advertise-address", "10.0.0.300"), MASTER_HELP,
                "Invalid value for option '--advertise-address': \"10.0.0.300\" is not an IP address");
        master("--control-plane-endpoint", "a b:6443", Endpoint::parse);
        master("--kubernetes-version", "1.x", KubernetesVersion::parse);
        master("--token", "nope", BootstrapToken::parse);
        master("--token-ttl", "soon", GoDuration::parse);
        refused(join("--discovery-token-ca-cert-hash", "sha256:00", "127.0.0.1:1"), KJOIN_HELP,
                "Invalid value for option '--discovery-token-ca-cert-hash' (sha256:HEX): "
                        + message("sha256:00", CaCertHash::parse));
        refused(kjoin("not a host:x", "--host", NOWHERE), KJOIN_HELP,
                "Invalid value for positional parameter at index 0 (API_ENDPOINT): " + message("not a host:x", Endpoint::parse));
        refused(kboot("token", "create", "--ttl", "soon"), "Try 'kboot token create --help' for usage.",
                "Invalid value for option '--ttl': " + message("soon", GoDuration::parse));
        refused(kboot("token", "create", "nope"), "Try 'kboot token create --help' for usage.",
                "Invalid value for positional parameter at index 0 (TOKEN): " + message("nope", BootstrapToken::parse));
        refused(kboot("apply", "-f", "cluster.yaml", "--token-ttl", "1"), "Try 'kboot apply --help' for usage.",
                "Invalid value for option '--token-ttl': " + message("1", GoDuration::parse));
    }

    @Test
    void valuesOfOneTypeWithSeveralRulesNameTheirRule() {
        master("--apiserver-bind-port", "70000", v -> ValueRules.port(Integer.parseInt(v)));
        refused(kinit("master", "--host", NOWHERE, "--apiserver-bind-port", "x"), MASTER_HELP,
                "Invalid value for option '--apiserver-bind-port': \"x\" is not a port (expected 1-65535)");
        refused(kinit("master", "--host", "root@127.0.0.1", "--ssh-port", "0"), MASTER_HELP,
                "Invalid value for option '--ssh-port': " + message("0", v -> ValueRules.port(Integer.parseInt(v))));
        refused(join("--apiserver-bind-port", "-1", "127.0.0.1:1"), KJOIN_HELP,
                "Invalid value for option '--apiserver-bind-port': " + message("-1", v -> ValueRules.port(Integer.parseInt(v))));
        master("--pod-network-cidr", "10.0.0.0/33", ValueRules::cidrs);
        master("--service-cidr", "10.96.0.0/30", ValueRules::serviceSubnets);
        master("--cert-dir", "/etc/pki dir", ValueRules::path);
        master("--kubeconfig-dir", "$HOME", ValueRules::path);
        master("--node-name", "Node_1", ValueRules::dnsSubdomain);
        master("--service-dns-domain", "Cluster.Local", ValueRules::dnsSubdomain);
        master("--encryption-algorithm", "ed448", InitSettings::encryptionAlgorithm);
        master("--certificate-key", "abc", ValueRules::certificateKey);
        master("--cri-socket", "tcp://x", ValueRules::criSocket);
        refused(kinit("master", "--host", NOWHERE, "--apiserver-cert-extra-sans", "ok.example,bad name"), MASTER_HELP,
                "Invalid value for option '--apiserver-cert-extra-sans' (SAN): " + message("bad name", ValueRules::certSan));
    }

    /** kinit master refuses the flag's value with the parser's message. */
    private static void master(String flag, String value, Function<String, ?> parser) {
        refused(kinit("master", "--host", NOWHERE, flag, value), MASTER_HELP,
                "Invalid value for option '" + flag + "': " + message(value, parser));
    }

    private static void refused(CliTest.Outcome outcome, String help, String error) {
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals("error: " + error + "\n" + help + "\n", outcome.err());
    }

    private static CliTest.Outcome join(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"--host", NOWHERE, "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH}, 0, all, 0,
                6);
        System.arraycopy(args, 0, all, 6, args.length);
        return kjoin(all);
    }

    private static String message(String value, Function<String, ?> parser) {
        try {
            parser.apply(value);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError(value + " accepted");
    }
}
