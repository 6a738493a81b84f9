package io.kboot.hostprep;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where host preparation reads and writes on a node. Every path a step writes, edits or backs up
 * goes through {@link #at}, so tests can root the whole tree in a temporary directory; on a real
 * node the root is "/" and paths are unchanged. Kernel interfaces (/proc, /sys) are not rooted.
 */
public record HostPaths(String root) {

    /** Paths must be safe to put into scripts and JSON records unquoted. */
    private static final Pattern SAFE = Pattern.compile("/[A-Za-z0-9._/@+:-]*");

    public static final HostPaths SYSTEM = new HostPaths("/");

    /** The directory kboot keeps its records in, kubeadm-style under /var/lib. */
    public static final String STATE_DIR = "/var/lib/kboot";

    public HostPaths {
        Objects.requireNonNull(root, "root");
        if (!root.equals("/")) {
            root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
            requireSafe(root);
        }
    }

    /** The node path for an absolute path of the system tree ("/etc/fstab"). */
    public String at(String absolute) {
        requireSafe(absolute);
        return root.equals("/") ? absolute : root + absolute;
    }

    /** The record of changes: one JSON object per line, appended as changes happen. */
    public String journal() {
        return at(STATE_DIR + "/hostprep.jsonl");
    }

    /** Where the first prior version of each file host preparation changed is kept. */
    public String backupOf(String absolute) {
        return at(STATE_DIR + "/backup" + absolute);
    }

    public String backupDir() {
        return at(STATE_DIR + "/backup");
    }

    /** Where a file is uploaded before the step's script puts it in place. */
    public String staged(String absolute) {
        return at(STATE_DIR + "/staging" + absolute);
    }

    public String stagingDir() {
        return at(STATE_DIR + "/staging");
    }

    public String stateDir() {
        return at(STATE_DIR);
    }

    static void requireSafe(String path) {
        if (!SAFE.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")) {
            throw new IllegalArgumentException("unsupported path for host preparation: " + path);
        }
    }
}
