package io.kboot.controlplane;

/**
 * Go's strconv.Quote, which fmt's %q is: kubeadm writes kubeadm-flags.env as
 * {@code KUBELET_KUBEADM_ARGS=%q} (WriteKubeletArgsToFile), so a kubeletExtraArgs value with a
 * quote, a backslash or a control character is escaped there, not left to end the line or the
 * systemd value early.
 */
final class GoQuote {
    private GoQuote() {}

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> appendEscaped(quoted, c));
        return quoted.append('"').toString();
    }

    /** strconv's appendEscapedRune for a double-quoted string. */
    private static void appendEscaped(StringBuilder out, int c) {
        switch (c) {
            case '"', '\\' -> out.append('\\').appendCodePoint(c);
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0b -> out.append("\\v");
            default -> {
                if (isPrint(c)) {
                    out.appendCodePoint(c);
                } else if (c < ' ' || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.append(String.format("\\U%08x", c));
                }
            }
        }
    }

    /**
     * Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space; other
     * spaces (U+00A0, U+2028), format and unassigned characters are escaped. (Java's Unicode tables
     * may be a version behind Go's for characters assigned since.)
     */
    private static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
                    true;
            default -> false;
        };
    }
}
