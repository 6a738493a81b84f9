package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.config.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** kubeadm's SAN rules (pki_helpers.go getAPIServerAltNames, getAltNames, appendSANsToAltNames). */
final class Sans {
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final int MAX_SUBDOMAIN_LENGTH = 253;

    private Sans() {}

    static AltNames apiServer(PkiSettings s) {
        List<String> dns = new ArrayList<>(List.of(
                s.node().name(),
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc." + s.cluster().dnsDomain()));
        List<InetAddress> ips = new ArrayList<>(List.of(s.cluster().apiServerServiceIp(), s.node().advertiseAddress()));
        AltNames names = new AltNames(dns, ips);
        Optional<String> endpointHost = s.cluster().controlPlaneEndpointHost();
        if (endpointHost.isPresent()) {
            Optional<InetAddress> ip = IpAddresses.parse(endpointHost.get());
            names = names.plus(ip.isPresent()
                    ? new AltNames(List.of(), List.of(ip.get()))
                    : new AltNames(List.of(endpointHost.get()), List.of()));
        }
        return names.plus(classify(s.sans().apiServer())).deduplicated();
    }

    static AltNames etcd(PkiSettings s, List<String> extra) {
        AltNames names = new AltNames(
                List.of(s.node().name(), "localhost"),
                List.of(s.node().advertiseAddress(), IpAddresses.parse("127.0.0.1").orElseThrow(),
                        IpAddresses.parse("::1").orElseThrow()));
        return names.plus(classify(extra)).deduplicated();
    }

    /** The entries that are neither IPs nor DNS names; kubeadm drops them with a warning. */
    static List<String> ignored(List<String> entries) {
        return entries.stream().filter(e -> kind(e) == Kind.INVALID).toList();
    }

    /**
     * Rejects an entry meant as an IP that is not one ("10.0.0.256"): kubeadm would take it as a
     * DNS name (digits are valid DNS labels) and the typo would surface only as a TLS failure.
     */
    static void requireValid(String field, List<String> entries) {
        for (String entry : entries) {
            if (IpAddresses.parse(entry).isEmpty() && IpAddresses.looksLikeIp(entry)) {
                throw new KbootException.InvalidInput(field + ": \"" + entry + "\" is not a valid IP address");
            }
        }
    }

    static boolean isDnsSubdomain(String name) {
        return name.length() <= MAX_SUBDOMAIN_LENGTH && DNS_1123_SUBDOMAIN.matcher(name).matches();
    }

    private static AltNames classify(List<String> entries) {
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        for (String entry : entries) {
            switch (kind(entry)) {
                case IP -> ips.add(IpAddresses.parse(entry).orElseThrow());
                case DNS -> dns.add(entry);
                case INVALID -> {}
            }
        }
        return new AltNames(dns, ips);
    }

    private enum Kind { IP, DNS, INVALID }

    private static Kind kind(String entry) {
        if (IpAddresses.parse(entry).isPresent()) {
            return Kind.IP;
        }
        if (isDnsSubdomain(entry)) {
            return Kind.DNS;
        }
        if (entry.startsWith("*.") && entry.length() <= MAX_SUBDOMAIN_LENGTH && isDnsSubdomain(entry.substring(2))) {
            return Kind.DNS;
        }
        return Kind.INVALID;
    }
}
