package io.kboot.config;

/**
 * How error messages repeat a value the user gave: quoted, and cut to a prefix. A 30,000-digit TTL
 * or a megabyte scalar must not come back whole in the message (nor fill a CI log).
 */
public final class Echo {
    /** Characters of a bad value an error message repeats; longer values end in "…". */
    public static final int MAX = 64;

    private Echo() {}

    /**
     * The value cut to {@link #MAX} characters, with how long it really was when cut. Control
     * characters are written as \\uXXXX: a value with an escape sequence must not drive the terminal.
     */
    public static String prefix(String value) {
        if (value == null) {
            return "null";
        }
        boolean cut = value.length() > MAX;
        int end = !cut ? value.length() : Character.isHighSurrogate(value.charAt(MAX - 1)) ? MAX - 1 : MAX;
        StringBuilder text = new StringBuilder(end + 24);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                text.append(String.format("\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
        return cut ? text.append("…(").append(value.length()).append(" characters)").toString() : text.toString();
    }

    /** {@code "value"}, cut as {@link #prefix}. */
    public static String quote(String value) {
        return "\"" + prefix(value) + "\"";
    }
}
