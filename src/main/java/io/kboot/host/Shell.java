package io.kboot.host;

import java.util.Collection;
import java.util.stream.Collectors;

/** Quoting for the POSIX sh scripts that steps send to hosts. */
public final class Shell {
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
