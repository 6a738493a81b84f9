package io.kboot.host;

import java.util.Collection;
import java.util.stream.Collectors;

/** Quoting for the POSIX sh scripts that steps send to hosts. */
public final class Shell {
    /**
     * The longest script kboot passes as one argument ({@code sh -c '<script>'}); Linux caps one
     * argument at 128 KiB, so longer scripts reach sh through a temporary file.
     */
    public static final int MAX_INLINE_SCRIPT = 96 * 1024;

    private Shell() {}

    /** One word, single-quoted so sh takes it literally. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(Shell::isSafe)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String quoteAll(Collection<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_./=:,+@%".indexOf(c) >= 0;
    }
}
