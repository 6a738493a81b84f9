package io.kboot.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literals parsed by hand. {@code InetAddress.getByName} resolves anything that is not a
 * literal through DNS, and accepts forms Go rejects ("10.1", "0x7f.1"); neither may happen to a
 * SAN or an address from the config.
 */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");

    private IpAddresses() {}

    /** The address, if the text is an IPv4 dotted quad or an IPv6 literal (no zone, no brackets). */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        byte[] bytes = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
        return bytes == null ? Optional.empty() : Optional.of(fromBytes(bytes));
    }

    /**
     * Whether the text was meant as an IP address: only digits and dots, or containing a colon.
     * Such a text that does not parse is a typo, not a DNS name.
     */
    public static boolean looksLikeIp(String text) {
        return text.indexOf(':') >= 0 || (DOTTED_NUMBERS.matcher(text).matches() && text.indexOf('.') >= 0);
    }

    public static boolean isIpv4(InetAddress address) {
        return address.getAddress().length == 4;
    }

    /** Go's textual form: dotted quad, or RFC 5952 compressed IPv6 ("::1", "fd00::a"). */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups becomes "::"; the first one wins a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static byte[] ipv4(String text) {
        var m = IPV4.matcher(text);
        if (!m.matches()) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(m.group(i + 1));
            if (octet > 255) {
                return null;
            }
            out[i] = (byte) octet;
        }
        return out;
    }

    private static byte[] ipv6(String text) {
        if (!IPV6_CHARS.matcher(text).matches()) {
            return null;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (doubleColon >= 0) {
            if (!groups(text.substring(0, doubleColon), head, false) || !groups(text.substring(doubleColon + 2), tail, true)) {
                return null;
            }
            if (head.size() + tail.size() > 7) {
                return null;
            }
        } else {
            if (!groups(text, head, true) || head.size() != 8) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            out[2 * i] = (byte) (head.get(i) >> 8);
            out[2 * i + 1] = (byte) (int) head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            int at = 8 - tail.size() + i;
            out[2 * at] = (byte) (tail.get(i) >> 8);
            out[2 * at + 1] = (byte) (int) tail.get(i);
        }
        return out;
    }

    /** Splits colon-separated hex groups; the last one may be an embedded IPv4 address (two groups). */
    private static boolean groups(String text, List<Integer> out, boolean lastMayBeIpv4) {
        if (text.isEmpty()) {
            return true;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && lastMayBeIpv4 && part.indexOf('.') >= 0) {
                byte[] v4 = ipv4(part);
                if (v4 == null) {
                    return false;
                }
                out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || part.indexOf('.') >= 0) {
                return false;
            }
            out.add(Integer.parseInt(part, 16));
        }
        return true;
    }

    private static InetAddress fromBytes(byte[] bytes) {
        try {
            // getByAddress never touches DNS. An IPv4-mapped IPv6 address comes back as IPv4, as
            // Go's To4() treats it.
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of illegal length " + bytes.length, e);
        }
    }
}
