package io.kboot.hostprep;

import io.kboot.host.Host;
import io.kboot.report.Reporter;
import io.kboot.script.ChangeScript;
import io.kboot.script.ShellTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
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
    private static final String MARKER = "# kboot reset: undo host preparation";
    /** One template per kind of change: templates/hostprep/undo/KIND.sh. */
    private static final String UNDO = "hostprep/undo/";

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
        changeScript(records, paths).run(host, warning -> reporter.warn(host.name(), warning), "undoing host preparation");
        reporter.info(host.name(), "undid " + records.size() + " recorded change(s) of host preparation");
        return records.size();
    }

    /** The undo script for the records (oldest first in the list; undone newest first). */
    static String script(List<ChangeRecord> records, HostPaths paths) {
        return changeScript(records, paths).text();
    }

    private static ChangeScript changeScript(List<ChangeRecord> records, HostPaths paths) {
        StringBuilder body = new StringBuilder();
        List<ChangeRecord> reversed = new ArrayList<>(records);
        Collections.reverse(reversed);
        boolean systemd = false;
        for (ChangeRecord record : reversed) {
            body.append(undo(record)).append('\n');
            systemd |= touchesSystemd(record);
        }
        if (systemd) {
            body.append(ShellTemplate.load(UNDO + "reload-systemd.sh"));
        }
        String ending = ShellTemplate.of(UNDO + "end.sh").word("backups", paths.backupDir()).word("staging", paths.stagingDir())
                .word("journal", paths.journal()).word("state", paths.stateDir()).render();
        return ChangeScript.of(MARKER, ChangeScript.Policy.CONTINUE_PAST_FAILURES, body.toString()).endingWith(ending);
    }

    /** Whether systemd must reload after undoing this: units, unit files, and fstab (its swap and mount units). */
    static boolean touchesSystemd(ChangeRecord record) {
        String path = record instanceof ChangeRecord.FileWritten r ? r.path()
                : record instanceof ChangeRecord.FileReplaced r ? r.path() : "";
        return record instanceof ChangeRecord.UnitMasked || record instanceof ChangeRecord.UnitEnabled
                || path.contains("/systemd/") || path.endsWith("/fstab");
    }

    /** The line that undoes one change, without its newline. */
    static String undo(ChangeRecord record) {
        String line = undoLine(record);
        return line.substring(0, line.length() - 1);
    }

    /** What it says if it cannot ("could not delete /etc/x") is its {@code failed} word. */
    private static String undoLine(ChangeRecord record) {
        if (record instanceof ChangeRecord.FileWritten r) {
            return line("file-written").word("path", r.path()).word("failed", "delete " + r.path()).render();
        }
        if (record instanceof ChangeRecord.FileReplaced r) {
            return line("file-replaced").word("backup", r.backup()).word("restore", r.path() + ".kboot-restore")
                    .word("path", r.path()).word("failed", "restore " + r.path() + " from " + r.backup()).render();
        }
        if (record instanceof ChangeRecord.DirCreated r) {
            return line("dir-created").word("path", r.path()).render();
        }
        if (record instanceof ChangeRecord.UnitMasked r) {
            return line("unit-masked").word("unit", r.unit()).word("failed", "unmask " + r.unit()).render();
        }
        if (record instanceof ChangeRecord.UnitEnabled r) {
            return line(r.started() ? "unit-started" : "unit-enabled").word("unit", r.unit())
                    .word("failed", "disable " + r.unit()).render();
        }
        if (record instanceof ChangeRecord.ModuleLoaded r) {
            return line("module-loaded").word("module", r.module()).render();
        }
        if (record instanceof ChangeRecord.SysctlSet r) {
            return line("sysctl-set").word("setting", r.key() + "=" + r.previous())
                    .word("failed", "set " + r.key() + " back to " + r.previous()).render();
        }
        if (record instanceof ChangeRecord.SwapDisabled) {
            return ShellTemplate.load(UNDO + "swap-disabled.sh");
        }
        if (record instanceof ChangeRecord.PackagesInstalled r) {
            String template = switch (r.manager()) {
                case "apt-get", "dpkg", "rpm" -> "packages-" + r.manager();
                case "dnf", "yum" -> "packages-dnf";
                default -> "unknown";
            };
            return line(template).word("manager", r.manager()).words("packages", r.packages())
                    .word("failed", "remove " + String.join(" ", r.packages()) + " (" + r.manager() + ")").render();
        }
        if (record instanceof ChangeRecord.FirewallRule r) {
            String template = switch (r.tool()) {
                case "iptables", "ip6tables" -> "firewall-iptables";
                case "ufw", "firewalld" -> "firewall-" + r.tool();
                default -> "unknown";
            };
            return line(template).word("tool", r.tool()).words("rule", List.of(r.rule().split(" "))).word("port", r.rule())
                    .word("failed", "delete the " + r.tool() + " rule " + r.rule()).render();
        }
        if (record instanceof ChangeRecord.BundleStored r) {
            // rm -rf only where kboot keeps bundles: a damaged or edited record must not delete anything else.
            if (!r.path().contains(HostPaths.STATE_DIR + "/bundles/")) {
                return line("refused").word("failed", "delete " + r.path() + " (not one of kboot's bundle directories)").render();
            }
            return line("bundle-stored").word("path", r.path()).word("unpacked", r.path() + ".unpack")
                    .word("failed", "delete the bundle directory " + r.path()).render();
        }
        if (record instanceof ChangeRecord.ImageImported r) {
            return line("image-imported").word("ref", r.ref()).render();
        }
        throw new IllegalArgumentException("unknown change record " + record);
    }

    private static ShellTemplate line(String name) {
        return ShellTemplate.of(UNDO + name + ".sh");
    }
}
