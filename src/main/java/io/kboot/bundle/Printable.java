package io.kboot.bundle;

/**
 * Text from a bundle made safe to print: a tar entry's name is whatever its maker wrote, and an
 * escape sequence in it would act on the terminal that shows kboot's message (move the cursor,
 * rewrite the line, change the title). Control and format characters become backslash-x and two
 * hex digits (backslash-u and four for those above 0xff), and a backslash two backslashes, so an
 * escaped name cannot pass for another.
 */
final class Printable {
    private Printable() {}

    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c) {
        if (c == '\\') {
            return "\\\\";
        }
        if (c < 0x20 || c >= 0x7f && c < 0xa0) {
            return String.format("\\x%02x", (int) c);
        }
        int type = Character.getType(c);
        // Bidirectional overrides and other invisible formatting, line and paragraph separators.
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
