package io.kboot.hostprep;

import static io.kboot.script.GoldenScripts.assertGolden;
import static io.kboot.script.GoldenScripts.transcript;

import io.kboot.facts.HostFacts;
import io.kboot.facts.HostFactsTest;
import io.kboot.host.RecordingHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe, change and undo scripts of host preparation, byte for byte, for representative nodes. */
class HostPrepScriptsGoldenTest {
    private final RecordingHost host = new RecordingHost();
    private final PrepFixture.Context ctx = new PrepFixture.Context(host);

    private void run(PrepStep step, String probeOutput, String golden) {
        host.answer(Probe.marker(step.name()), probeOutput);
        step.run(ctx.prep());
        assertGolden("hostprep/" + golden + ".sh", transcript(host));
    }

    @Test
    void modules() {
        run(new ModulesStep(), "builtin=overlay\n", "modules");
    }

    @Test
    void sysctl() {
        run(new SysctlStep(), "sysctl:net.ipv4.ip_forward=0\nsysctl:net.bridge.bridge-nf-call-iptables=1\n", "sysctl");
    }

    @Test
    void swap() {
        String fstab = "/dev/sda1 / ext4 defaults 0 1\n/dev/sda2 none swap sw 0 0\n";
        String units = "unit=dev-sda2.swap active\nunit=dev-zram0.swap masked\n";
        run(new SwapStep(), "swaps=2\n" + PrepFixture.file(SwapStep.FSTAB, fstab) + units, "swap");
    }

    @Test
    void firewallIptablesOnAControlPlane() {
        run(new FirewallStep(), "iptables_blocks=policy DROP\nip6tables_blocks=-A INPUT -j REJECT\niptables_has=10250\n"
                + PrepFixture.missing(FirewallStep.BOOT_SCRIPT) + PrepFixture.missing(FirewallStep.BOOT_UNIT),
                "firewall-iptables");
    }

    @Test
    void firewallUfwOnAWorker() {
        ctx.role = NodeRole.WORKER;
        run(new FirewallStep(), "ufw=active\nufw_rule=10250/tcp\n", "firewall-ufw");
    }

    @Test
    void firewallFirewalld() {
        run(new FirewallStep(), "firewalld=running\nfirewalld_port=6443/tcp\n", "firewall-firewalld");
    }

    @Test
    void kubelet() {
        run(new KubeletStep(), "kubectl=/usr/bin/kubectl\nenabled=\n" + PrepFixture.missing(KubeletStep.UNIT)
                + PrepFixture.missing(KubeletStep.DROP_IN), "kubelet");
    }

    @Test
    void cniPluginsFromThePackage() {
        run(new CniPluginsStep(), "", "cni-plugins");
    }

    @Test
    void containerd() {
        run(new ContainerdStep(), "version=containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1\n"
                + "runc=/usr/sbin/runc\nenabled=disabled\nactive=inactive\n" + PrepFixture.missing(ContainerdStep.CONFIG),
                "containerd");
    }

    @Test
    void imagesFromASource() {
        ArtifactSource images = new ArtifactSource() {
            @Override
            public String describe() {
                return "a bundle";
            }

            @Override
            public Set<Component> provides(HostFacts facts) {
                return Set.of();
            }

            @Override
            public void install(Set<Component> components, NodePrepContext ctx, Changes changes) {}

            @Override
            public List<ImageArchive> images(NodePrepContext ctx) {
                return List.of(
                        new ImageArchive("registry.k8s.io/pause:3.10", "sha256:" + "a".repeat(64),
                                "/var/lib/kboot/bundles/b/pause.tar"),
                        new ImageArchive("kboot.local/hello:1", "sha256:" + "b".repeat(64), "/var/lib/kboot/bundles/b/its.tar"));
            }
        };
        ctx.with(new HostPrepSettings(List.of(), images, HostPaths.SYSTEM));
        run(new ImagesStep(), "image=registry.k8s.io/pause:3.10 sha256:" + "c".repeat(64) + "\n", "images");
    }

    @Test
    void containerdFromUploadedPackagesOnAnRpmNode(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("packages"));
        Files.writeString(dir.resolve("containerd-1.7.24-1.fc40.x86_64.rpm"), "rpm");
        Files.writeString(dir.resolve("runc-1.1.12-1.fc40.x86_64.rpm"), "rpm");
        ctx.with(new HostPrepSettings(List.of(), new UploadedFiles(dir), HostPaths.SYSTEM));
        ctx.facts = HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("pkg=apt-get", "pkg=dnf"));
        run(new ContainerdStep(), "", "containerd-uploaded-rpm");
    }

    @Test
    void containerdFromTheDistributionOnADnfNode() {
        ctx.facts = HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("pkg=apt-get", "pkg=dnf"));
        run(new ContainerdStep(), "", "containerd-dnf");
    }

    @Test
    void undoOfEveryKindOfRecord() {
        List<ChangeRecord> records = List.of(
                new ChangeRecord.DirCreated("/etc/modules-load.d"),
                new ChangeRecord.FileWritten("/etc/modules-load.d/k8s.conf"),
                new ChangeRecord.FileReplaced("/etc/fstab", "/var/lib/kboot/backup/etc/fstab"),
                new ChangeRecord.FileReplaced("/etc/it's here", "/var/lib/kboot/backup/etc/it's here"),
                new ChangeRecord.UnitMasked("dev-sda2.swap"),
                new ChangeRecord.UnitEnabled("containerd", true),
                new ChangeRecord.UnitEnabled("kubelet", false),
                new ChangeRecord.ModuleLoaded("br_netfilter"),
                new ChangeRecord.SysctlSet("net.ipv4.ip_forward", "0"),
                new ChangeRecord.SwapDisabled(),
                new ChangeRecord.PackagesInstalled("apt-get", List.of("containerd", "runc")),
                new ChangeRecord.PackagesInstalled("dnf", List.of("containerd")),
                new ChangeRecord.PackagesInstalled("yum", List.of("containerd")),
                new ChangeRecord.PackagesInstalled("dpkg", List.of("kubelet")),
                new ChangeRecord.PackagesInstalled("rpm", List.of("kubelet")),
                new ChangeRecord.PackagesInstalled("pacman", List.of("kubelet")),
                new ChangeRecord.FirewallRule("iptables", "INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot"
                        + " -j ACCEPT"),
                new ChangeRecord.FirewallRule("ip6tables", "INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot"
                        + " -j ACCEPT"),
                new ChangeRecord.FirewallRule("ufw", "30000:32767/tcp"),
                new ChangeRecord.FirewallRule("firewalld", "2379-2380/tcp"),
                new ChangeRecord.FirewallRule("nft", "x"),
                new ChangeRecord.BundleStored("/var/lib/kboot/bundles/v1.33.4-amd64"),
                new ChangeRecord.BundleStored("/etc"),
                new ChangeRecord.ImageImported("registry.k8s.io/pause:3.10"));
        assertGolden("hostprep/undo-all.sh", HostPrepUndo.script(records, HostPaths.SYSTEM));
        assertGolden("hostprep/undo-module.sh",
                HostPrepUndo.script(List.of(new ChangeRecord.ModuleLoaded("overlay")), HostPaths.SYSTEM));
    }

    @Test
    void firewallBootScriptAndUnit() {
        assertGolden("hostprep/firewall-boot.sh", FirewallStep.bootScript(List.of("iptables", "ip6tables"),
                FirewallStep.ports(NodeRole.WORKER, 6443)) + "#### unit\n" + FirewallStep.bootUnit());
    }
}
