package io.kboot.pki;

import io.kboot.config.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The subject alternative names of a certificate: DNS names and IP addresses. */
public record AltNames(List<String> dnsNames, List<InetAddress> ips) {

    public AltNames {
        dnsNames = List.copyOf(dnsNames);
        ips = List.copyOf(ips);
    }

    public static AltNames none() {
        return new AltNames(List.of(), List.of());
    }

    public boolean isEmpty() {
        return dnsNames.isEmpty() && ips.isEmpty();
    }

    public AltNames plus(AltNames more) {
        List<String> dns = new ArrayList<>(dnsNames);
        dns.addAll(more.dnsNames);
        List<InetAddress> addresses = new ArrayList<>(ips);
        addresses.addAll(more.ips);
        return new AltNames(dns, addresses);
    }

    /**
     * kubeadm's RemoveDuplicateAltNames: DNS names become a sorted set, IPs keep their first
     * occurrence in order. Certificates then list SANs exactly in kubeadm's order.
     */
    public AltNames deduplicated() {
        return new AltNames(new ArrayList<>(new TreeSet<>(dnsNames)), new ArrayList<>(new LinkedHashSet<>(ips)));
    }

    /**
     * The names of this set that {@code certificate} does not cover, in the form "DNS:x" or
     * "IP:y". A wildcard in the certificate covers one label, as in Go's VerifyHostname.
     */
    public List<String> notCoveredBy(AltNames certificate) {
        List<String> missing = new ArrayList<>();
        for (String name : dnsNames) {
            if (certificate.dnsNames.stream().noneMatch(pattern -> matches(pattern, name))) {
                missing.add("DNS:" + name);
            }
        }
        for (InetAddress ip : ips) {
            if (!certificate.ips.contains(ip)) {
                missing.add("IP:" + IpAddresses.format(ip));
            }
        }
        return missing;
    }

    private static boolean matches(String pattern, String name) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        if (p.equals(n)) {
            return true;
        }
        if (p.startsWith("*.") && !n.startsWith("*.")) {
            int dot = n.indexOf('.');
            return dot > 0 && n.substring(dot).equals(p.substring(1));
        }
        return false;
    }

    /** kubeadm's wording: "DNS names [a b] and IPs [10.96.0.1 192.168.0.10]". */
    public String describe() {
        return "DNS names [" + String.join(" ", dnsNames) + "] and IPs ["
                + ips.stream().map(IpAddresses::format).collect(Collectors.joining(" ")) + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
