package io.kboot.bundle;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of an image's layer: a file copied from the workstation, a directory, or a symbolic
 * link. Paths are relative to the image's root, without a leading slash ("usr/local/bin/etcd").
 */
sealed interface LayerEntry permits LayerEntry.File, LayerEntry.Dir, LayerEntry.Symlink {

    /** Plain path segments only: nothing a tar reader could take outside the root. */
    Pattern PATH = Pattern.compile("[A-Za-z0-9._+@-]+(/[A-Za-z0-9._+@-]+)*");

    String path();

    record File(String path, Path source, int mode) implements LayerEntry {
        public File {
            checkPath(path);
            Objects.requireNonNull(source, "source");
        }
    }

    record Dir(String path, int mode) implements LayerEntry {
        public Dir {
            checkPath(path);
        }
    }

    record Symlink(String path, String target) implements LayerEntry {
        public Symlink {
            checkPath(path);
            Objects.requireNonNull(target, "target");
            if (target.isEmpty()) {
                throw new IllegalArgumentException("symlink " + path + " has no target");
            }
        }
    }

    static void checkPath(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("unsupported path in an image layer: " + path);
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("unsupported path in an image layer: " + path);
            }
        }
    }
}
