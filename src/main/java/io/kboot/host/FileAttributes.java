package io.kboot.host;

import java.util.Optional;

/**
 * Mode and ownership of an uploaded file. Owner and group are names; empty leaves them as the
 * writing user's.
 */
public record FileAttributes(int mode, Optional<String> owner, Optional<String> group) {

    /** Certificates, public keys, configs readable by all. */
    public static final FileAttributes PUBLIC = mode(0644);
    /** Private keys, kubeconfigs, manifests: owner only. */
    public static final FileAttributes PRIVATE = mode(0600);
    /** Scripts and binaries. */
    public static final FileAttributes EXECUTABLE = mode(0755);

    public FileAttributes {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("invalid file mode: " + Integer.toOctalString(mode));
        }
        owner = owner == null ? Optional.empty() : owner;
        group = group == null ? Optional.empty() : group;
    }

    public static FileAttributes mode(int mode) {
        return new FileAttributes(mode, Optional.empty(), Optional.empty());
    }

    public FileAttributes ownedBy(String user, String group) {
        return new FileAttributes(mode, Optional.of(user), Optional.of(group));
    }

    /** What chown takes, {@code owner}, {@code owner:group} or {@code :group}; empty when neither is set. */
    public Optional<String> chownSpec() {
        if (owner.isEmpty() && group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(owner.orElse("") + group.map(g -> ":" + g).orElse(""));
    }

    /** The mode as ls-style octal, e.g. "0600". */
    public String octal() {
        return String.format("%04o", mode);
    }
}
