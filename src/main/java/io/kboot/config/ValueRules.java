package io.kboot.config;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * kubeadm's rules for single values (its validation.go), in one place for flags and config files
 * alike: {@code --service-dns-domain} and {@code networking.dnsDomain} pass the same check, and so
 * on for every value both can give. Each rule throws IllegalArgumentException with a message that
 * quotes at most a prefix of the value; callers add the flag or file:line:col.
 */
public final class ValueRules {
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");
    /** kubeadm's MaximumBitsForServiceSubnet: the API server stores the whole range in etcd. */
    static final int MAX_SERVICE_SUBNET_HOST_BITS = 20;
    /** The DNS Service's address is the subnet's tenth (kubeadm's GetDNSIP). */
    static final int DNS_SERVICE_INDEX = 10;

    private ValueRules() {}

    /** A DNS-1123 subdomain: node names, the DNS domain, the cluster name, host names of a cluster file. */
    public static String dnsSubdomain(String value) {
        if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(Echo.quote(value) + " is not a valid name (lowercase letters, digits, '-' and '.',"
                    + " at most 253 characters)");
        }
        return value;
    }

    /** A certificate SAN as kubeadm's ValidateCertSANs takes it: an IP, a DNS name, or a wildcard DNS name. */
    public static String certSan(String value) {
        if (IpAddresses.parse(value).isPresent()) {
            return value;
        }
        String name = value.startsWith("*.") ? value.substring(2) : value;
        if (IpAddresses.looksLikeIp(value) || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            throw new IllegalArgumentException(Echo.quote(value) + " is not a valid IP address, DNS name or wildcard DNS name"
                    + " (*.example.com)");
        }
        return value;
    }

    /**
     * "10.244.0.0/16" or the dual-stack "10.244.0.0/16,fd00:10:244::/56": one CIDR, or one of each
     * family (kubeadm's ValidateIPNetFromString).
     */
    public static List<Cidr> cidrs(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException(
                    Echo.quote(text) + ": at most two CIDRs, one IPv4 and one IPv6, got " + parts.length);
        }
        List<Cidr> cidrs = Arrays.stream(parts).map(String::strip).map(Cidr::parse).toList();
        if (cidrs.size() == 2 && cidrs.get(0).isIpv4() == cidrs.get(1).isIpv4()) {
            throw new IllegalArgumentException(Echo.quote(text) + ": two CIDRs must be one IPv4 and one IPv6 (dual-stack)");
        }
        return cidrs;
    }

    /**
     * The service subnets: each at most 20 host bits (kubeadm's ValidateServiceSubnetSize, as the API
     * server checks it), and the first one large enough to hold the DNS Service's address, the tenth.
     */
    public static List<Cidr> serviceSubnets(String text) {
        List<Cidr> cidrs = cidrs(text);
        for (Cidr cidr : cidrs) {
            int bits = cidr.network().getAddress().length * 8;
            if (bits - cidr.prefixLength() > MAX_SERVICE_SUBNET_HOST_BITS) {
                throw new IllegalArgumentException(cidr + " is too large for a service subnet: for " + bits
                        + "-bit addresses the prefix must be /" + (bits - MAX_SERVICE_SUBNET_HOST_BITS) + " or longer");
            }
        }
        Cidr first = cidrs.get(0);
        int hostBits = first.network().getAddress().length * 8 - first.prefixLength();
        if (hostBits < 31 && (1L << hostBits) <= DNS_SERVICE_INDEX) {
            throw new IllegalArgumentException(first + " is too small for a service subnet: the DNS Service takes its tenth"
                    + " address, so the prefix must be /" + (first.network().getAddress().length * 8 - 4) + " or shorter");
        }
        return cidrs;
    }

    /**
     * The host part of an SSH address: a dotted-number text must be a valid IPv4 address. Without
     * this, "999.1.1.1" is looked up in DNS as a name and fails late as "unknown host".
     */
    public static String sshHost(String host) {
        if (host.indexOf(':') < 0 && IpAddresses.looksLikeIp(host) && IpAddresses.parse(host).isEmpty()) {
            throw new IllegalArgumentException(Echo.quote(host) + " is not a valid IPv4 address");
        }
        return host;
    }

    /**
     * Text that other parsers will repeat whole in their messages (SSH's): one line, no control
     * characters, and not longer than its field can be.
     */
    public static String plainText(String value, int max) {
        if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new IllegalArgumentException(Echo.quote(value) + " contains control characters");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(Echo.quote(value) + " is longer than " + max + " characters");
        }
        return value;
    }

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/@+:,=~-]{1,4096}");
    private static final Pattern IMAGE_REPOSITORY = Pattern.compile(
            "[A-Za-z0-9.-]{1,253}(:\\d{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*){0,16}");

    /**
     * A directory or file path kboot writes into manifests and kubelet files (certificatesDir,
     * etcd's dataDir, --cert-dir): letters, digits and ._/@+:,=~- only. Quotes, spaces and control
     * characters made the rendered YAML invalid, found only mid-run.
     */
    public static String path(String value) {
        if (!SAFE_PATH.matcher(value).matches()) {
            throw new IllegalArgumentException(Echo.quote(value) + " is not a path kboot supports (letters, digits and"
                    + " ._/@+:,=~- only)");
        }
        return value;
    }

    /** The CRI socket: unix:///path or /path (kubeadm's ValidateSocketPath, for Linux). */
    public static String criSocket(String value) {
        String path = value.startsWith("unix://") ? value.substring("unix://".length()) : value;
        if (!path.startsWith("/") || !SAFE_PATH.matcher(path).matches()) {
            throw new IllegalArgumentException(Echo.quote(value) + " is not a CRI socket (expected unix:///path/to.sock or"
                    + " /path/to.sock)");
        }
        return value;
    }

    /** An image repository: registry[:port][/path], as image references spell them. */
    public static String imageRepository(String value) {
        if (!IMAGE_REPOSITORY.matcher(value).matches()) {
            throw new IllegalArgumentException(Echo.quote(value) + " is not an image repository (expected e.g. registry.k8s.io"
                    + " or mirror.lab:5000/k8s)");
        }
        return value;
    }

    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /** An image tag as a registry takes it: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. */
    public static String imageTag(String value) {
        if (!IMAGE_TAG.matcher(value).matches()) {
            throw new IllegalArgumentException(Echo.quote(value) + " is not an image tag (expected e.g. 3.6.8-0 or v1.14.2)");
        }
        return value;
    }

    /** A TCP port, 1-65535. */
    public static int port(int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(value + " is not a port (expected 1-65535)");
        }
        return value;
    }

    /** kubeadm's certificate key: 32 random bytes, hex-encoded. Never echoed: it is a secret. */
    public static String certificateKey(String key) {
        if (!HEX_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid certificate key (" + key.length()
                    + " characters): expected 64 hex digits, as printed by kinit master --upload-certs");
        }
        return key;
    }

    /**
     * The names of --ignore-preflight-errors and nodeRegistration.ignorePreflightErrors together,
     * lowercased as kubeadm compares them: "all" stands alone (kubeadm's ValidateIgnorePreflightErrors).
     */
    public static void ignorePreflightErrors(Set<String> names) {
        Set<String> lower = new HashSet<>();
        names.forEach(n -> lower.add(n.toLowerCase(Locale.ROOT)));
        if (lower.contains("all") && lower.size() > 1) {
            throw new IllegalArgumentException("\"all\" ignores every check: do not name other checks with it (got "
                    + Echo.prefix(String.join(",", names)) + ")");
        }
        for (String name : names) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("an empty check name");
            }
        }
    }
}
