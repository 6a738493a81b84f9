package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.config.Cidr;
import io.kboot.config.Endpoint;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.ValueRules;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.CertificateKey;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag values parsed with the same parsers as config files, so both reject the same input. */
final class Converters {
    private Converters() {}

    private static <T> ITypeConverter<T> using(Function<String, T> parser) {
        return value -> {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException | KbootException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }

    /** --pod-network-cidr: one CIDR, or one of each family. */
    static final class CidrList implements ITypeConverter<List<Cidr>> {
        @Override
        public List<Cidr> convert(String value) throws Exception {
            return using(ValueRules::cidrs).convert(value);
        }
    }

    /** --service-cidr: as --pod-network-cidr, and sized for the API server and the DNS Service address. */
    static final class ServiceCidrList implements ITypeConverter<List<Cidr>> {
        @Override
        public List<Cidr> convert(String value) throws Exception {
            return using(ValueRules::serviceSubnets).convert(value);
        }
    }

    /** --node-name, --service-dns-domain: DNS-1123 subdomains, as in the file. */
    static final class DnsName implements ITypeConverter<String> {
        @Override
        public String convert(String value) throws Exception {
            return using(ValueRules::dnsSubdomain).convert(value);
        }
    }

    /** --cert-dir, --kubeconfig-dir: written into manifests and kubeconfigs, so checked as the file's paths are. */
    static final class SafePath implements ITypeConverter<String> {
        @Override
        public String convert(String value) throws Exception {
            return using(ValueRules::path).convert(value);
        }
    }

    static final class CriSocket implements ITypeConverter<String> {
        @Override
        public String convert(String value) throws Exception {
            return using(ValueRules::criSocket).convert(value);
        }
    }

    static final class San implements ITypeConverter<String> {
        @Override
        public String convert(String value) throws Exception {
            return using(ValueRules::certSan).convert(value);
        }
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) throws Exception {
            return using(v -> {
                try {
                    return ValueRules.port(Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(io.kboot.config.Echo.quote(v) + " is not a port (expected 1-65535)");
                }
            }).convert(value);
        }
    }

    /** The key is a secret: the message gives its length, never the value. */
    static final class CertificateKeyConverter implements ITypeConverter<CertificateKey> {
        @Override
        public CertificateKey convert(String value) throws Exception {
            return CertificateKey.parse(using(ValueRules::certificateKey).convert(value));
        }
    }

    static final class Ip implements ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) throws Exception {
            return using(v -> IpAddresses.parse(v).orElseThrow(() ->
                    new IllegalArgumentException("\"" + v + "\" is not an IP address"))).convert(value);
        }
    }

    static final class EndpointConverter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) throws Exception {
            return using(Endpoint::parse).convert(value);
        }
    }

    static final class Version implements ITypeConverter<KubernetesVersion> {
        @Override
        public KubernetesVersion convert(String value) throws Exception {
            return using(KubernetesVersion::parse).convert(value);
        }
    }

    static final class Algorithm implements ITypeConverter<String> {
        @Override
        public String convert(String value) throws Exception {
            return using(InitSettings::encryptionAlgorithm).convert(value);
        }
    }

    static final class Token implements ITypeConverter<BootstrapToken> {
        @Override
        public BootstrapToken convert(String value) throws Exception {
            return using(BootstrapToken::parse).convert(value);
        }
    }

    static final class Hash implements ITypeConverter<CaCertHash> {
        @Override
        public CaCertHash convert(String value) throws Exception {
            return using(CaCertHash::parse).convert(value);
        }
    }

    static final class Duration implements ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) throws Exception {
            return using(io.kboot.config.GoDuration::parse).convert(value);
        }
    }
}
