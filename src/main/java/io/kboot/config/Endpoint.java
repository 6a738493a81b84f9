package io.kboot.config;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/** "host[:port]", host being a DNS name, an IPv4 literal or a bracketed IPv6 literal. */
public record Endpoint(String host, OptionalInt port) {
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

    /** @throws IllegalArgumentException naming the value and the expected form */
    public static Endpoint parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("https://")) {
            s = s.substring("https://".length());
        }
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw invalid(text);
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(text);
                }
                port = rest.substring(1);
            }
            if (IpAddresses.parse(host).isEmpty()) {
                throw invalid(text);
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException(Echo.quote(text) + ": put an IPv6 address in brackets, e.g. [fd00::1]:6443");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
            if (IpAddresses.parse(host).isEmpty() && !DNS_NAME.matcher(host).matches()) {
                throw invalid(text);
            }
        }
        if (port == null) {
            return new Endpoint(host, OptionalInt.empty());
        }
        return new Endpoint(host, OptionalInt.of(parsePort(port, text)));
    }

    static int parsePort(String port, String whole) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException(Echo.quote(whole) + ": port must be a number from 1 to 65535");
    }

    public int portOr(int fallback) {
        return port.orElse(fallback);
    }

    /** host:port with IPv6 hosts bracketed. */
    public String toString(int defaultPort) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + portOr(defaultPort);
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port.isPresent() ? h + ":" + port.getAsInt() : h;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                Echo.quote(text) + " is not an endpoint (expected host:port, e.g. 192.168.56.10:6443)");
    }
}
