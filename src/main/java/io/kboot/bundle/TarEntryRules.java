package io.kboot.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * What a bundle's tar may hold, judged header by header: regular files and plain directories at
 * plain relative paths, with modes that are not set-id, sticky, or writable by group or others.
 *
 * <p>commons-compress's {@code isFile()} is true for every entry that is not a directory, links
 * and devices included, so the type flag is read itself. A symbolic link, a hard link, a device
 * or a FIFO listed in MANIFEST as an empty file would otherwise pass (an empty entry hashes to the
 * empty file's SHA-256), and on the node a FIFO or a device hangs sha256sum until the phase times
 * out. A directory's mode matters as much as a file's: tar applies it to the bundle's directory
 * on the node, which later runs reuse.
 */
final class TarEntryRules {
    /** Set-user-ID, set-group-ID, sticky, and write for group or for others. */
    static final int UNSAFE_MODE_BITS = 07022;

    /** The kind of one header: a file or a directory at {@code path}, or why it is refused; modes are judged apart. */
    sealed interface Verdict permits File, Dir, Refused {}

    record File(String path) implements Verdict {}

    /** {@code path} is "." for the bundle's own top directory ("./" as tar -C dir . writes it). */
    record Dir(String path) implements Verdict {}

    record Refused(String name, String problem) implements Verdict {}

    private TarEntryRules() {}

    static Verdict judge(TarArchiveEntry entry) {
        String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        byte flag = entry.getLinkFlag();
        boolean fileFlag = flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM;
        if (flag != TarConstants.LF_DIR && !fileFlag || entry.isSparse()) {
            return new Refused(name, kind(entry) + "; a bundle holds only regular files and directories");
        }
        boolean dir = flag == TarConstants.LF_DIR;
        if (!dir && name.endsWith("/")) {
            // Old tars mark directories this way, and GNU tar makes one of it.
            return new Refused(name, "a file entry named like a directory; a bundle holds only regular files and directories");
        }
        String path = dir ? stripSlashes(name) : name;
        if (dir && (path.isEmpty() || path.equals("."))) {
            path = ".";
        } else if (!validPath(path)) {
            return new Refused(name, "not a plain relative path (no /, .., or characters other than letters, digits and ._+@-)");
        }
        return dir ? new Dir(path) : new File(path);
    }

    /** What is wrong with the mode of a file or directory entry, if anything. */
    static Optional<String> modeProblem(TarArchiveEntry entry) {
        int unsafe = entry.getMode() & UNSAFE_MODE_BITS;
        if (unsafe == 0) {
            return Optional.empty();
        }
        return Optional.of("mode " + Integer.toOctalString(entry.getMode() & 07777) + " (" + describe(unsafe)
                + "); a bundle's files and directories may not be set-id, sticky, or writable by group or others");
    }

    private static String stripSlashes(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '/') {
            end--;
        }
        return name.substring(0, end);
    }

    private static boolean validPath(String path) {
        if (path.equals(Manifest.NAME)) {
            return true;
        }
        try {
            LayerEntry.checkPath(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String describe(int bits) {
        List<String> what = new ArrayList<>();
        if ((bits & 04000) != 0) {
            what.add("set-user-ID");
        }
        if ((bits & 02000) != 0) {
            what.add("set-group-ID");
        }
        if ((bits & 01000) != 0) {
            what.add("sticky");
        }
        if ((bits & 020) != 0) {
            what.add("writable by its group");
        }
        if ((bits & 02) != 0) {
            what.add("writable by others");
        }
        return String.join(", ", what);
    }

    private static String kind(TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return "a symbolic link to " + entry.getLinkName();
        }
        if (entry.isLink()) {
            return "a hard link to " + entry.getLinkName();
        }
        if (entry.isCharacterDevice()) {
            return "a character device";
        }
        if (entry.isBlockDevice()) {
            return "a block device";
        }
        if (entry.isFIFO()) {
            return "a FIFO";
        }
        if (entry.isSparse()) {
            return "a sparse file";
        }
        return "a tar entry of type '" + (char) entry.getLinkFlag() + "'";
    }
}
