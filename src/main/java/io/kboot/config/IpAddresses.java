package io.kboot.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP address literals. Never resolves names: a string that is not a literal is not an address. */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private IpAddresses() {}

    /** The address if {@code text} is an IPv4 or IPv6 literal, else empty. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = s.contains(":") && IPV6_CHARS.matcher(s).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // Safe: for a dotted quad or a string with ':' the JDK parses a literal and never asks DNS.
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    /** The canonical text of an address (compressed IPv6, no brackets). */
    public static String format(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return zone < 0 ? text : text.substring(0, zone);
    }
}
