package io.kboot.config;

import java.time.Duration;

/**
 * Durations as kubeadm writes them (Go's time.ParseDuration): "8760h0m0s", "24h", "5m", "1.5h".
 * Parsed as Go parses them, in one pass: a value beyond Go's range (about 292 years) is refused as Go
 * refuses it, not clamped, and a regular expression with backtracking cost seconds on long input.
 */
public final class GoDuration {
    private static final long MAX_NANOS = Long.MAX_VALUE;

    private GoDuration() {}

    /** @throws IllegalArgumentException naming (a prefix of) the value and the expected form */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("+")) {
            s = s.substring(1);
        } else if (s.startsWith("-") && !s.equals("-0")) {
            throw new IllegalArgumentException(Echo.quote(text) + " is negative (expected e.g. 24h, 8760h0m0s, 90m)");
        }
        if (s.equals("0") || s.equals("-0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            long whole = 0;
            boolean overflow = false;
            while (i < s.length() && isDigit(s.charAt(i))) {
                int digit = s.charAt(i++) - '0';
                if (whole > (MAX_NANOS - digit) / 10) {
                    overflow = true;
                    break;
                }
                whole = whole * 10 + digit;
            }
            if (overflow) {
                throw outOfRange(text);
            }
            boolean pre = i > start;
            long fraction = 0;
            double scale = 1;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean saturated = false;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    int digit = s.charAt(i++) - '0';
                    // Go's leadingFraction: digits past int64's precision are consumed and ignored.
                    if (saturated || fraction > (MAX_NANOS - digit) / 10) {
                        saturated = true;
                        continue;
                    }
                    fraction = fraction * 10 + digit;
                    scale *= 10;
                }
                post = i > fractionStart;
            }
            if (!pre && !post) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException(Echo.quote(text) + " is not a duration: a number needs a unit"
                        + " (ns, us, ms, s, m, h), e.g. 24h");
            }
            long unit = unitNanos(s.substring(unitStart, i), text);
            if (whole > MAX_NANOS / unit) {
                throw outOfRange(text);
            }
            long value = whole * unit;
            if (fraction > 0) {
                double extra = fraction * (unit / scale);
                if (value + extra > MAX_NANOS) {
                    throw outOfRange(text);
                }
                value += (long) extra;
            }
            if (total > MAX_NANOS - value) {
                throw outOfRange(text);
            }
            total += value;
        }
        return Duration.ofNanos(total);
    }

    /** Go's canonical form: "8760h0m0s". */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m" + (seconds % 60) + "s";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException(Echo.quote(text) + " is not a duration: unknown unit "
                    + Echo.quote(unit) + " (expected ns, us, ms, s, m or h)");
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(Echo.quote(text) + " is not a duration (expected e.g. 24h, 8760h0m0s, 90m)");
    }

    private static IllegalArgumentException outOfRange(String text) {
        return new IllegalArgumentException(Echo.quote(text) + " is out of range: a duration is at most 2562047h47m16s"
                + " (about 292 years)");
    }
}
