package io.kboot.host;

import io.kboot.Randomness;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Names for an atomic write on a host: the target's directory and a fresh temporary file in it. */
public final class FilePaths {
    private static final SecureRandom RANDOM = Randomness.strong();

    private FilePaths() {}

    /** The directory of {@code path} as a POSIX shell sees it: "/" for "/x", "." for "x". */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /** A fresh hidden name next to {@code path}, so that the final rename stays in one directory. */
    public static String temporarySibling(String path) {
        String dir = parent(path);
        String base = path.substring(path.lastIndexOf('/') + 1);
        return (dir.equals("/") ? "" : dir) + "/." + base + ".kboot-" + randomHex();
    }

    /** Twelve random hex digits, for names nobody else picks. */
    public static String randomHex() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
