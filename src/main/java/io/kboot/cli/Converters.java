package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.config.Cidr;
import io.kboot.config.Endpoint;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
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

    static final class CidrList implements ITypeConverter<List<Cidr>> {
        @Override
        public List<Cidr> convert(String value) throws Exception {
            return using(InitSettings::cidrs).convert(value);
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
