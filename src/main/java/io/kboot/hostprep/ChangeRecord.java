package io.kboot.hostprep;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * One change host preparation made to a node, as recorded in the node's journal
 * ({@code /var/lib/kboot/hostprep.jsonl}, one JSON object per line, in the order the changes were
 * made). Each change is recorded just before it is made, so a run that stops halfway leaves a
 * record of everything it might have done. {@link HostPrepUndo} reverts them in reverse order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ChangeRecord.FileWritten.class, name = "file-written"),
    @JsonSubTypes.Type(value = ChangeRecord.FileReplaced.class, name = "file-replaced"),
    @JsonSubTypes.Type(value = ChangeRecord.DirCreated.class, name = "dir-created"),
    @JsonSubTypes.Type(value = ChangeRecord.UnitMasked.class, name = "unit-masked"),
    @JsonSubTypes.Type(value = ChangeRecord.UnitEnabled.class, name = "unit-enabled"),
    @JsonSubTypes.Type(value = ChangeRecord.ModuleLoaded.class, name = "module-loaded"),
    @JsonSubTypes.Type(value = ChangeRecord.SysctlSet.class, name = "sysctl-set"),
    @JsonSubTypes.Type(value = ChangeRecord.SwapDisabled.class, name = "swap-disabled"),
    @JsonSubTypes.Type(value = ChangeRecord.PackagesInstalled.class, name = "packages-installed"),
    @JsonSubTypes.Type(value = ChangeRecord.FirewallRule.class, name = "firewall-rule"),
    @JsonSubTypes.Type(value = ChangeRecord.BundleStored.class, name = "bundle-stored"),
    @JsonSubTypes.Type(value = ChangeRecord.ImageImported.class, name = "image-imported"),
})
public sealed interface ChangeRecord {

    /** A file (or symlink) that did not exist: undo deletes it. */
    record FileWritten(String path) implements ChangeRecord {
        public FileWritten {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A file that existed and was changed; its prior content is at {@code backup}. Undo restores it. */
    record FileReplaced(String path, String backup) implements ChangeRecord {
        public FileReplaced {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(backup, "backup");
        }
    }

    /** A directory created for a file: undo removes it if it is empty. */
    record DirCreated(String path) implements ChangeRecord {
        public DirCreated {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A systemd unit masked (swap units): undo unmasks it. */
    record UnitMasked(String unit) implements ChangeRecord {
        public UnitMasked {
            Objects.requireNonNull(unit, "unit");
        }
    }

    /** A systemd unit enabled, and started if {@code started}: undo disables (and stops) it. */
    record UnitEnabled(String unit, boolean started) implements ChangeRecord {
        public UnitEnabled {
            Objects.requireNonNull(unit, "unit");
        }
    }

    /** A kernel module loaded: undo tries to unload it and leaves it if it is in use. */
    record ModuleLoaded(String module) implements ChangeRecord {
        public ModuleLoaded {
            Objects.requireNonNull(module, "module");
        }
    }

    /** A kernel parameter changed from {@code previous}: undo writes the previous value back. */
    record SysctlSet(String key, String previous) implements ChangeRecord {
        public SysctlSet {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(previous, "previous");
        }
    }

    /** Swap was on and was turned off: undo turns on what /etc/fstab lists, once it is restored. */
    record SwapDisabled() implements ChangeRecord {}

    /** Packages installed with a package manager (apt-get, dnf, yum, dpkg, rpm): undo removes them. */
    record PackagesInstalled(String manager, List<String> packages) implements ChangeRecord {
        public PackagesInstalled {
            Objects.requireNonNull(manager, "manager");
            packages = List.copyOf(packages);
        }
    }

    /**
     * A firewall opening: for iptables/ip6tables the rule spec after the chain's name was given to
     * {@code -I} (undo: {@code -D}); for ufw the port ("6443/tcp"); for firewalld the port
     * ("6443/tcp", runtime and permanent).
     */
    record FirewallRule(String tool, String rule) implements ChangeRecord {
        public FirewallRule {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(rule, "rule");
        }
    }

    /** An offline bundle unpacked into a directory of its own under /var/lib/kboot/bundles: undo deletes the directory. */
    record BundleStored(String path) implements ChangeRecord {
        public BundleStored {
            Objects.requireNonNull(path, "path");
        }
    }

    /** An image imported into containerd's k8s.io namespace: undo removes the image. */
    record ImageImported(String ref) implements ChangeRecord {
        public ImageImported {
            Objects.requireNonNull(ref, "ref");
        }
    }
}
