package io.kboot.hostprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFactsTest;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.RecordingHost;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValuesTest {

    @Test
    void pauseVersionFollowsTheMinorRelease() {
        ComponentVersions versions = ComponentVersions.bundled();
        assertEquals("3.10", versions.pauseVersion(KubernetesVersion.parse("v1.31.0")));
        assertEquals("3.10", versions.pauseVersion(KubernetesVersion.parse("v1.33.5")));
        assertEquals("3.10.1", versions.pauseVersion(KubernetesVersion.parse("v1.34.2")));
        assertEquals("3.10.1", versions.pauseVersion(KubernetesVersion.parse("v1.35.4")));
        assertEquals("3.10.2", versions.pauseVersion(KubernetesVersion.parse("v1.36.3")));
        assertEquals("3.10.2", versions.pauseVersion(KubernetesVersion.parse("v1.38.0")),
                "newer than the table: the newest entry");
        assertThrows(KbootException.InvalidInput.class, () -> versions.pauseVersion(KubernetesVersion.parse("v1.28.9")));
    }

    @Test
    void registryMirrorsAreParsedAndChecked() {
        RegistryMirror mirror = RegistryMirror.parse("docker.io=https://a.lab:5000, http://10.0.0.5");
        assertEquals(List.of("https://a.lab:5000", "http://10.0.0.5"), mirror.endpoints());
        assertEquals("https://registry-1.docker.io", mirror.server());
        assertEquals("https://registry.k8s.io", RegistryMirror.parse("registry.k8s.io=https://m").server());
        assertEquals("/etc/containerd/certs.d/registry.k8s.io/hosts.toml",
                RegistryMirror.parse("registry.k8s.io=https://m").hostsFile());
        for (String bad : List.of("docker.io", "=https://m", "docker.io=", "Docker.io=https://m", "docker.io=ftp://m",
                "a/b=https://m",
                "docker.io=https://m\"x")) {
            assertThrows(KbootException.InvalidInput.class, () -> RegistryMirror.parse(bad), bad);
        }
    }

    @Test
    void templatesRefuseMissingValues() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Templates.render("containerd/config-v2.toml", Map.of()));
        assertTrue(e.getMessage().contains("{{sandboxImage}}"), e.getMessage());
    }

    @Test
    void pathsAreRootedForTests() {
        HostPaths paths = new HostPaths("/tmp/root/");
        assertEquals("/tmp/root/etc/fstab", paths.at("/etc/fstab"));
        assertEquals("/tmp/root/var/lib/kboot/backup/etc/fstab", paths.backupOf("/etc/fstab"));
        assertEquals("/etc/fstab", HostPaths.SYSTEM.at("/etc/fstab"));
        assertThrows(IllegalArgumentException.class, () -> paths.at("/etc/$(reboot)"));
        assertThrows(IllegalArgumentException.class, () -> paths.at("/etc/../root"));
    }

    @Test
    void uploadedPackageNamesComeFromTheFileNames() {
        assertEquals("containerd",
                UploadedFiles.packageFile(Path.of("containerd_1.6.20~ds1-1+b1_amd64.deb")).orElseThrow().name());
        assertEquals("containerd.io",
                UploadedFiles.packageFile(Path.of("containerd.io_1.7.24-1_amd64.deb")).orElseThrow().name());
        assertEquals("containernetworking-plugins",
                UploadedFiles.packageFile(Path.of("containernetworking-plugins-1.5.1-1.fc41.x86_64.rpm")).orElseThrow().name());
        assertTrue(UploadedFiles.packageFile(Path.of("README")).isEmpty());
    }

    @Test
    void uploadedDebsAreInstalledTogetherWithDpkg(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("containerd_1.6.20~ds1-1+b1_amd64.deb"), "deb");
        Files.writeString(dir.resolve("runc_1.1.5+ds1-1+b1_amd64.deb"), "deb");
        Files.writeString(dir.resolve("libfoo_1.0_amd64.deb"), "deb");
        UploadedFiles source = new UploadedFiles(dir);
        assertEquals(EnumSet.of(Component.CONTAINERD, Component.RUNC), source.provides(HostFactsTest.debianVm()));
        assertEquals(EnumSet.noneOf(Component.class),
                source.provides(HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("pkg=apt-get", "pkg=dnf"))));

        RecordingHost host = new RecordingHost();
        Changes changes = new Changes(host, HostPaths.SYSTEM, "containerd-install");
        source.install(EnumSet.of(Component.CONTAINERD, Component.RUNC), new PrepFixture.Context(host).prep(), changes);
        changes.apply();
        assertEquals(List.of("/var/lib/kboot/staging/files/containerd_1.6.20_ds1-1+b1_amd64.deb",
                "/var/lib/kboot/staging/files/runc_1.1.5+ds1-1+b1_amd64.deb"),
                host.uploads().stream().map(u -> u.path()).toList());
        PrepFixture.assertInOrder(host.changes().get(0),
                "kb_record '{\"kind\":\"packages-installed\",\"manager\":\"dpkg\",\"packages\":[\"containerd\",\"runc\"]}'",
                "dpkg -i /var/lib/kboot/staging/files/containerd_1.6.20_ds1-1+b1_amd64.deb"
                        + " /var/lib/kboot/staging/files/runc_1.1.5+ds1-1+b1_amd64.deb",
                "rm -f /var/lib/kboot/staging/files/containerd_1.6.20_ds1-1+b1_amd64.deb");
    }

    @Test
    void anEmptyPackagesDirIsBadInput(@TempDir Path dir) {
        assertThrows(KbootException.InvalidInput.class, () -> new UploadedFiles(dir));
        assertThrows(KbootException.InvalidInput.class, () -> new UploadedFiles(dir.resolve("missing")));
    }

    @Test
    void changesCarryOnlyTheHelpersTheyUse() {
        RecordingHost host = new RecordingHost();
        Changes changes =
                new Changes(host, HostPaths.SYSTEM, "demo").run("modprobe x").verify("[ -d /sys/module/x ] || kb_fail 'no x'");
        String script = changes.script();
        assertTrue(script.startsWith("# kboot prepare/demo: apply\nset -e\nkb_fail() {"), script);
        assertTrue(!script.contains("kb_install") && !script.contains("kb_journal"), script);
        Changes writes = new Changes(host, HostPaths.SYSTEM, "demo").writeFile("/etc/x", Content.of("x"), FileAttributes.PUBLIC);
        assertTrue(writes.script().contains("kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl\n"),
                writes.script());
        assertTrue(new Changes(host, HostPaths.SYSTEM, "demo").isEmpty());
    }
}
