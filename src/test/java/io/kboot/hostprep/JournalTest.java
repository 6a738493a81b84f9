package io.kboot.hostprep;

import static io.kboot.hostprep.PrepFixture.assertInOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.ExecResult;
import io.kboot.host.RecordingHost;
import io.kboot.report.Reporter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class JournalTest {
    static final List<ChangeRecord> EVERY_KIND = List.of(
            new ChangeRecord.PackagesInstalled("apt-get", List.of("containerd", "runc")),
            new ChangeRecord.DirCreated("/etc/modules-load.d"),
            new ChangeRecord.FileWritten("/etc/modules-load.d/k8s.conf"),
            new ChangeRecord.ModuleLoaded("br_netfilter"),
            new ChangeRecord.SysctlSet("net.ipv4.ip_forward", "0"),
            new ChangeRecord.SwapDisabled(),
            new ChangeRecord.FileReplaced("/etc/fstab", "/var/lib/kboot/backup/etc/fstab"),
            new ChangeRecord.UnitMasked("swap.img.swap"),
            new ChangeRecord.UnitEnabled("containerd", true),
            new ChangeRecord.FirewallRule("iptables", "INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT"),
            new ChangeRecord.FirewallRule("ufw", "10250/tcp"),
            new ChangeRecord.FirewallRule("firewalld", "2379-2380/tcp"),
            new ChangeRecord.UnitEnabled("kubelet", false),
            new ChangeRecord.BundleStored("/var/lib/kboot/bundles/" + "ab".repeat(32)),
            new ChangeRecord.ImageImported("registry.k8s.io/pause:3.10.2"));

    @Test
    void recordsAreOneJsonLineEachAndReadBack() {
        StringBuilder text = new StringBuilder();
        EVERY_KIND.forEach(r -> text.append(Journal.line(r)).append('\n'));
        assertEquals("{\"kind\":\"file-replaced\",\"path\":\"/etc/fstab\",\"backup\":\"/var/lib/kboot/backup/etc/fstab\"}",
                Journal.line(EVERY_KIND.get(6)));
        assertEquals("{\"kind\":\"swap-disabled\"}", Journal.line(new ChangeRecord.SwapDisabled()));
        assertEquals(EVERY_KIND, Journal.parse(text.toString(), line -> {
            throw new AssertionError(line);
        }));
    }

    @Test
    void theShellsOwnRecordsParseToo() {
        // What kb_install/kb_mkdirs print on the node (built by the shell, not by Jackson).
        String text = """
                {"kind":"dir-created","path":"/etc/containerd"}
                {"kind":"file-written","path":"/etc/containerd/config.toml"}
                {"kind":"file-rep
                {"kind":"something-newer","x":1}
                """;
        List<String> unreadable = new ArrayList<>();
        assertEquals(
                List.of(new ChangeRecord.DirCreated("/etc/containerd"),
                        new ChangeRecord.FileWritten("/etc/containerd/config.toml")),
                Journal.parse(text, unreadable::add));
        assertEquals(2, unreadable.size());
    }

    @Test
    void undoRunsNewestFirstAndKeepsTheRecordIfAnythingFails() {
        String script = HostPrepUndo.script(EVERY_KIND, HostPaths.SYSTEM);
        assertInOrder(script,
                "if command -v ctr >/dev/null 2>&1; then ctr -n k8s.io images rm registry.k8s.io/pause:3.10.2 >/dev/null 2>&1"
                        + " || true; fi",
                "rm -rf /var/lib/kboot/bundles/" + "ab".repeat(32) + " /var/lib/kboot/bundles/" + "ab".repeat(32)
                        + ".unpack || kb_warn",
                "systemctl disable kubelet >/dev/null 2>&1 || kb_warn 'disable kubelet'",
                "firewall-cmd --permanent --remove-port=2379-2380/tcp >/dev/null && firewall-cmd --remove-port=2379-2380/tcp",
                "ufw delete allow 10250/tcp",
                "iptables -D INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT || kb_warn",
                "systemctl disable --now containerd",
                "systemctl unmask swap.img.swap",
                "{ cp -P -p /var/lib/kboot/backup/etc/fstab /etc/fstab.kboot-restore && mv -f /etc/fstab.kboot-restore"
                        + " /etc/fstab; }",
                "swapon -a || kb_warn",
                "sysctl -w net.ipv4.ip_forward=0",
                "modprobe -r br_netfilter >/dev/null 2>&1 || true",
                "rm -f /etc/modules-load.d/k8s.conf",
                "rmdir /etc/modules-load.d 2>/dev/null || true",
                "DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq containerd runc",
                "systemctl daemon-reload",
                "if [ \"$kb_failed\" -eq 0 ]; then",
                "rm -rf /var/lib/kboot/backup /var/lib/kboot/staging",
                "rm -f /var/lib/kboot/hostprep.jsonl",
                "exit 1");
    }

    @Test
    void undoDeletesWholeDirectoriesOnlyWhereKbootKeepsBundles() {
        assertEquals("kb_warn 'delete /etc (not one of kboot'\\''s bundle directories)'",
                HostPrepUndo.undo(new ChangeRecord.BundleStored("/etc")));
        assertEquals("{\"kind\":\"bundle-stored\",\"path\":\"/r/var/lib/kboot/bundles/x\"}",
                Journal.line(new ChangeRecord.BundleStored("/r/var/lib/kboot/bundles/x")));
    }

    @Test
    void undoQuotesWhatItReadsFromTheNode() {
        String script = HostPrepUndo.undo(new ChangeRecord.FileWritten("/etc/x; rm -rf /"));
        assertEquals("rm -f '/etc/x; rm -rf /' || kb_warn 'delete /etc/x; rm -rf /'", script);
    }

    @Test
    void nothingRecordedMeansNothingToUndo() {
        RecordingHost host = new RecordingHost();
        assertEquals(0, HostPrepUndo.run(host, HostPaths.SYSTEM, Reporter.silent()));
        assertTrue(host.commands().isEmpty());
    }

    @Test
    void undoReportsWarningsAndFails() {
        RecordingHost host = new RecordingHost()
                .file("/var/lib/kboot/hostprep.jsonl", Journal.line(new ChangeRecord.UnitMasked("a.swap")) + "\n")
                .answer("# kboot reset", new ExecResult(1, "warning: could not unmask a.swap\n",
                        "1 change(s) could not be undone; the record is kept in /var/lib/kboot/hostprep.jsonl for another try"));
        PrepFixture.Context ctx = new PrepFixture.Context(host);
        KbootException.StepFailed e = Assertions.assertThrows(KbootException.StepFailed.class,
                () -> HostPrepUndo.run(host, HostPaths.SYSTEM, ctx.printed.reporter()));
        assertTrue(e.getMessage().contains("the record is kept"), e.getMessage());
        assertTrue(ctx.warnings().contains("node1: WARNING: could not unmask a.swap"), ctx.warnings());
    }
}
