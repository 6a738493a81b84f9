package io.kboot.reset;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a directory named by a flag or a manifest may be emptied by a reset. Reset deletes the
 * contents of the configured certificate and etcd data directories, so a typo or an edited
 * manifest must never point it at a system directory.
 */
final class Removable {
    /** The characters kboot puts into scripts unquoted-safe, as host preparation does. */
    private static final Pattern SAFE = Pattern.compile("/[A-Za-z0-9._/@+:-]*");

    private static final Set<String> SYSTEM_DIRS = Set.of("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32",
            "/lib64", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
            "/var/lib", "/var/log", "/var/run", "/var/tmp", "/usr/lib", "/usr/local", "/usr/bin", "/usr/sbin", "/etc/kubernetes",
            "/var/lib/kboot");

    private Removable() {}

    /** Why the directory may not be emptied, or empty if it may. */
    static Optional<String> problem(String dir) {
        if (!SAFE.matcher(dir).matches()) {
            return Optional.of("must be an absolute path of letters, digits and ._/@+:-");
        }
        if (dir.contains("//") || dir.contains("/./") || dir.contains("/../") || dir.endsWith("/..") || dir.endsWith("/.")) {
            return Optional.of("must be a plain absolute path (no //, . or ..)");
        }
        if (SYSTEM_DIRS.contains(dir)) {
            return Optional.of("is a system directory; reset deletes what this directory holds, so it refuses " + dir);
        }
        return Optional.empty();
    }
}
