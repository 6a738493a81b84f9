package io.kboot.hostprep;

import io.kboot.host.Command;
import io.kboot.host.ExecResult;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import io.kboot.report.Reporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reverts what host preparation recorded on a node, newest change first, in one script: restores
 * edited files from their backups, deletes written files (and the directories made for them, if
 * empty), unmasks and disables units, deletes the firewall rules kboot added, removes the
 * packages it installed and the images it imported, deletes unpacked bundles, writes sysctls
 * back and turns swap on again. A change that cannot be
 * undone is reported and the others are still undone; the record is deleted only if all were.
 */
public final class HostPrepUndo {
    private HostPrepUndo() {}

    /** Undoes everything recorded on the host. Returns how many changes were undone. */
    public static int run(Host host, HostPaths paths, Reporter reporter) {
        Optional<byte[]> journal = host.read(paths.journal());
        if (journal.isEmpty()) {
            reporter.info(host.name(), "no host preparation recorded (" + paths.journal() + "); nothing to undo");
            return 0;
        }
        List<ChangeRecord> records = Journal.parse(new String(journal.get(), StandardCharsets.UTF_8),
                line -> reporter.warn(host.name(), "skipping a record kboot cannot read: " + line));
        ExecResult result = host.exec(Command.change(script(records, paths)));
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("warning: ")) {
                reporter.warn(host.name(), line.substring("warning: ".length()));
            }
        }
        result.orFail(host, "undoing host preparation");
        reporter.info(host.name(), "undid " + records.size() + " recorded change(s) of host preparation");
        return records.size();
    }

    /** The undo script for the records (oldest first in the list; undone newest first). */
    static String script(List<ChangeRecord> records, HostPaths paths) {
        StringBuilder script = new StringBuilder("# kboot reset: undo host preparation\n")
                .append("kb_failed=0\n")
                .append("kb_warn() { echo \"warning: could not $*\"; kb_failed=$((kb_failed + 1)); }\n");
        List<ChangeRecord> reversed = new ArrayList<>(records);
        java.util.Collections.reverse(reversed);
        boolean systemd = false;
        for (ChangeRecord record : reversed) {
            script.append(undo(record)).append('\n');
            systemd |= touchesSystemd(record);
        }
        if (systemd) {
            script.append("if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then systemctl daemon-reload || kb_warn 'reload systemd'; fi\n");
        }
        script.append("if [ \"$kb_failed\" -eq 0 ]; then\n")
                .append("  rm -rf ").append(paths.backupDir()).append(' ').append(paths.stagingDir()).append('\n')
                .append("  rm -f ").append(paths.journal()).append('\n')
                .append("  rmdir ").append(paths.stateDir()).append(" 2>/dev/null || true\n")
                .append("else\n")
                .append("  echo \"$kb_failed change(s) could not be undone; the record is kept in ").append(paths.journal())
                .append(" for another try\" >&2\n")
                .append("  exit 1\n")
                .append("fi\n");
        return script.toString();
    }

    /** Whether systemd must reload after undoing this: units, unit files, and fstab (its swap and mount units). */
    static boolean touchesSystemd(ChangeRecord record) {
        String path = record instanceof ChangeRecord.FileWritten r ? r.path()
                : record instanceof ChangeRecord.FileReplaced r ? r.path() : "";
        return record instanceof ChangeRecord.UnitMasked || record instanceof ChangeRecord.UnitEnabled
                || path.contains("/systemd/") || path.endsWith("/fstab");
    }

    static String undo(ChangeRecord record) {
        if (record instanceof ChangeRecord.FileWritten r) {
            String p = Shell.quote(r.path());
            return "rm -f " + p + " || kb_warn " + Shell.quote("delete " + r.path());
        }
        if (record instanceof ChangeRecord.FileReplaced r) {
            String p = Shell.quote(r.path());
            String tmp = Shell.quote(r.path() + ".kboot-restore");
            return "{ cp -P -p " + Shell.quote(r.backup()) + " " + tmp + " && mv -f " + tmp + " " + p + "; } || kb_warn "
                    + Shell.quote("restore " + r.path() + " from " + r.backup());
        }
        if (record instanceof ChangeRecord.DirCreated r) {
            return "rmdir " + Shell.quote(r.path()) + " 2>/dev/null || true";
        }
        if (record instanceof ChangeRecord.UnitMasked r) {
            return "systemctl unmask " + Shell.quote(r.unit()) + " >/dev/null 2>&1 || kb_warn " + Shell.quote("unmask " + r.unit());
        }
        if (record instanceof ChangeRecord.UnitEnabled r) {
            String unit = Shell.quote(r.unit());
            return "systemctl disable " + (r.started() ? "--now " : "") + unit + " >/dev/null 2>&1 || kb_warn "
                    + Shell.quote("disable " + r.unit());
        }
        if (record instanceof ChangeRecord.ModuleLoaded r) {
            // A module in use (by a bridge, by overlay mounts) stays loaded; that is not a failure.
            return "modprobe -r " + Shell.quote(r.module()) + " >/dev/null 2>&1 || true";
        }
        if (record instanceof ChangeRecord.SysctlSet r) {
            return "sysctl -w " + Shell.quote(r.key() + "=" + r.previous()) + " >/dev/null || kb_warn "
                    + Shell.quote("set " + r.key() + " back to " + r.previous());
        }
        if (record instanceof ChangeRecord.SwapDisabled) {
            return "swapon -a || kb_warn 'turn swap back on (swapon -a)'";
        }
        if (record instanceof ChangeRecord.PackagesInstalled r) {
            String names = Shell.quoteAll(r.packages());
            String command = switch (r.manager()) {
                case "apt-get" -> "DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq " + names + " >/dev/null";
                case "dnf", "yum" -> r.manager() + " remove -y -q " + names + " >/dev/null";
                case "dpkg" -> "dpkg -r " + names + " >/dev/null";
                case "rpm" -> "rpm -e " + names;
                default -> "false";
            };
            return command + " || kb_warn " + Shell.quote("remove " + String.join(" ", r.packages()) + " (" + r.manager() + ")");
        }
        if (record instanceof ChangeRecord.FirewallRule r) {
            String command = switch (r.tool()) {
                // A rule that is gone already (rules do not outlive a reboot unless saved) is undone.
                case "iptables", "ip6tables" -> "! " + r.tool() + " -C " + Shell.quoteAll(List.of(r.rule().split(" "))) + " 2>/dev/null || "
                        + r.tool() + " -D " + Shell.quoteAll(List.of(r.rule().split(" ")));
                case "ufw" -> "ufw delete allow " + Shell.quote(r.rule()) + " >/dev/null";
                case "firewalld" -> "firewall-cmd --permanent --remove-port=" + Shell.quote(r.rule()) + " >/dev/null && firewall-cmd --remove-port="
                        + Shell.quote(r.rule()) + " >/dev/null";
                default -> "false";
            };
            return command + " || kb_warn " + Shell.quote("delete the " + r.tool() + " rule " + r.rule());
        }
        if (record instanceof ChangeRecord.BundleStored r) {
            // rm -rf only where kboot keeps bundles: a damaged or edited record must not delete anything else.
            if (!r.path().contains(HostPaths.STATE_DIR + "/bundles/")) {
                return "kb_warn " + Shell.quote("delete " + r.path() + " (not one of kboot's bundle directories)");
            }
            return "rm -rf " + Shell.quote(r.path()) + " " + Shell.quote(r.path() + ".unpack") + " || kb_warn "
                    + Shell.quote("delete the bundle directory " + r.path());
        }
        if (record instanceof ChangeRecord.ImageImported r) {
            // Like kubeadm reset, an image a container still uses, or one containerd cannot be asked about
            // (stopped, or removed already), stays in containerd's store: that is containerd's data.
            return "if command -v ctr >/dev/null 2>&1; then ctr -n k8s.io images rm " + Shell.quote(r.ref()) + " >/dev/null 2>&1 || true; fi";
        }
        throw new IllegalArgumentException("unknown change record " + record);
    }
}
