package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.config.IpAddresses;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubeadm's controlPlaneEndpoint, "host[:port]": a stable address (often a load balancer) in front
 * of every API server. The host goes into the apiserver certificate's SANs and into kubeconfigs.
 */
public record ControlPlaneEndpoint(String host, OptionalInt port) {
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\]:([0-9]+)");

    public ControlPlaneEndpoint {
        if (IpAddresses.parse(host).isEmpty() && !Sans.isDnsSubdomain(host)) {
            throw new KbootException.InvalidInput("controlPlaneEndpoint: host \"" + host
                    + "\" must be a valid IP address or a valid RFC-1123 DNS subdomain");
        }
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new KbootException.InvalidInput("controlPlaneEndpoint: port " + port.getAsInt()
                    + " must be a number between 1 and 65535");
        }
    }

    /**
     * Parses like kubeadm's ParseHostPort: "host", "host:port", "[v6]:port", or a bare IPv6
     * address (several colons and no brackets: all of it is the host).
     */
    public static ControlPlaneEndpoint parse(String text) {
        String value = text.strip();
        Matcher bracketed = BRACKETED.matcher(value);
        if (bracketed.matches()) {
            return new ControlPlaneEndpoint(bracketed.group(1), port(text, bracketed.group(2)));
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && colon == value.lastIndexOf(':')) {
            return new ControlPlaneEndpoint(value.substring(0, colon), port(text, value.substring(colon + 1)));
        }
        return new ControlPlaneEndpoint(value, OptionalInt.empty());
    }

    private static OptionalInt port(String text, String digits) {
        try {
            return OptionalInt.of(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            throw new KbootException.InvalidInput("controlPlaneEndpoint \"" + text + "\": port \"" + digits
                    + "\" must be a number between 1 and 65535");
        }
    }

    public Optional<InetAddress> ip() {
        return IpAddresses.parse(host);
    }

    /** "https://host:port", with IPv6 hosts in brackets; {@code defaultPort} when none was given. */
    public String url(int defaultPort) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "https://" + h + ":" + port.orElse(defaultPort);
    }

    @Override
    public String toString() {
        return port.isPresent() ? (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port.getAsInt() : host;
    }
}
