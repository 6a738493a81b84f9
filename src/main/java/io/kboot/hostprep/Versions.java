package io.kboot.hostprep;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions as binaries print them, to compare with the version an {@link ArtifactSource} installs:
 * "Kubernetes v1.36.3" (kubelet), "Client Version: v1.36.3" (kubectl), "containerd
 * github.com/containerd/containerd/v2 v2.3.7 abc123" and "runc version 1.5.2" all name their
 * version in the same form, the first MAJOR.MINOR.PATCH with what follows it (a pre-release, a
 * build), written with a leading "v" as the bundle's MANIFEST writes them.
 */
final class Versions {
    private static final Pattern VERSION = Pattern.compile("(?<![\\w.])v?(\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.+-]*)?)");

    private Versions() {}

    /** "v1.36.3" of a version line; empty if it names none. */
    static Optional<String> in(String line) {
        Matcher m = VERSION.matcher(line);
        return m.find() ? Optional.of("v" + m.group(1)) : Optional.empty();
    }

    /**
     * Whether a binary's version line names {@code wanted} ("v2.3.7" or "2.3.7"); a line that names
     * no version is not the wanted one.
     */
    static boolean names(String line, String wanted) {
        return in(line).equals(in(wanted));
    }

    /** For messages: the version a line names, or "(version unknown)". */
    static String describe(String line) {
        return in(line).orElse("(version unknown)");
    }
}
