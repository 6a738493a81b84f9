package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.config.Cidr;
import io.kboot.config.Echo;
import io.kboot.config.Endpoint;
import io.kboot.config.GoDuration;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.ValueRules;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.CertificateKey;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag values parsed with the same parsers as config files, so both reject the same input: a
 * parser's refusal is picocli's "Invalid value for option" error, exit 2.
 *
 * <p>A type that means one thing wherever a flag takes it is registered once per command tree
 * ({@link #registerOn}); options of those types name no converter. A type whose rule depends on
 * the flag (a String that is a path or a name, an Integer that is a port, a list of CIDRs) names
 * one of the classes below in its option.
 */
final class Converters {
    private Converters() {}

    /**
     * Registers the per-type converters on a whole tree: call it once the tree is built, since
     * picocli gives a registered converter only to the subcommands present at the time.
     */
    static void registerOn(CommandLine tree) {
        tree.registerConverter(Endpoint.class, new Parsed<>(Endpoint::parse));
        tree.registerConverter(KubernetesVersion.class, new Parsed<>(KubernetesVersion::parse));
        tree.registerConverter(BootstrapToken.class, new Parsed<>(BootstrapToken::parse));
        tree.registerConverter(CaCertHash.class, new Parsed<>(CaCertHash::parse));
        // The key is a secret: the rule's message gives its length, never the value.
        tree.registerConverter(CertificateKey.class, new Parsed<>(v -> CertificateKey.parse(ValueRules.certificateKey(v))));
        // Both replace picocli's own: InetAddress.getByName would ask DNS, Duration.parse takes ISO-8601, not Go's 1h30m.
        tree.registerConverter(InetAddress.class, new Parsed<>(Converters::ipAddress));
        tree.registerConverter(Duration.class, new Parsed<>(GoDuration::parse));
    }

    /** A flag value through one parser. */
    static class Parsed<T> implements ITypeConverter<T> {
        private final Function<String, T> parser;

        Parsed(Function<String, T> parser) {
            this.parser = parser;
        }

        @Override
        public T convert(String value) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException | KbootException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    // What an option names in converter = …: picocli makes the instance from a class, so each rule
    // needs a class of its own, one line each: the name an option uses and the rule it stands for.

    /** --pod-network-cidr: one CIDR, or one of each family. */
    static final class CidrList extends Parsed<List<Cidr>> {
        CidrList() {
            super(ValueRules::cidrs);
        }
    }

    /** --service-cidr: as --pod-network-cidr, and sized for the API server and the DNS Service address. */
    static final class ServiceCidrList extends Parsed<List<Cidr>> {
        ServiceCidrList() {
            super(ValueRules::serviceSubnets);
        }
    }

    /** --node-name, --service-dns-domain: DNS-1123 subdomains, as in the file. */
    static final class DnsName extends Parsed<String> {
        DnsName() {
            super(ValueRules::dnsSubdomain);
        }
    }

    /** --cert-dir, --kubeconfig-dir: written into manifests and kubeconfigs, so checked as the file's paths are. */
    static final class SafePath extends Parsed<String> {
        SafePath() {
            super(ValueRules::path);
        }
    }

    static final class CriSocket extends Parsed<String> {
        CriSocket() {
            super(ValueRules::criSocket);
        }
    }

    static final class San extends Parsed<String> {
        San() {
            super(ValueRules::certSan);
        }
    }

    static final class Algorithm extends Parsed<String> {
        Algorithm() {
            super(InitSettings::encryptionAlgorithm);
        }
    }

    static final class Port extends Parsed<Integer> {
        Port() {
            super(Converters::port);
        }
    }

    private static Integer port(String value) {
        try {
            return ValueRules.port(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Echo.quote(value) + " is not a port (expected 1-65535)");
        }
    }

    private static InetAddress ipAddress(String value) {
        return IpAddresses.parse(value).orElseThrow(() -> new IllegalArgumentException("\"" + value + "\" is not an IP address"));
    }
}
