package io.kboot.hostprep;

import java.util.Objects;

/**
 * A container image as an archive on the node, to be imported into containerd: the reference it
 * is tagged with, its manifest digest (what containerd lists once it is imported) and the node
 * path of the archive (OCI layout tar).
 */
public record ImageArchive(String ref, String digest, String path) {
    public ImageArchive {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(digest, "digest");
        HostPaths.requireSafe(path);
        if (!ref.matches("[a-z0-9.:/_-]+:[A-Za-z0-9_.-]+") || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("bad image " + ref + " " + digest);
        }
    }
}
