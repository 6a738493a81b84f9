package io.kboot.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.bundle.Containerd;
import io.kboot.bundle.K8sBuild;
import io.kboot.host.Command;
import io.kboot.host.Host;
import io.kboot.host.LocalHost;
import io.kboot.host.Shell;
import io.kboot.hostprep.HostPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cleanup-node/files for real under /bin/sh, on a node tree rooted in a temporary directory
 * (HostPaths): a control plane's /etc/kubernetes, a kubelet directory with a volume mounted in it
 * (a real tmpfs, as the kubelet mounts projected tokens), etcd's data, CNI configuration and
 * state, and files that are not Kubernetes' to delete. Needs root for the mount.
 */
class FileCleanupIT {
    @TempDir
    Path root;

    private final LocalHost host = new LocalHost("local");
    private Path mounted;

    @AfterEach
    void unmount() {
        if (mounted != null) {
            host.exec(Command.change("umount " + Shell.quote(mounted.toString()) + " 2>/dev/null || true"));
        }
    }

    private Path write(String path, String content) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private boolean exists(String path) {
        return Files.exists(root.resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS);
    }

    private List<String> tree() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> "/" + root.relativize(p)).sorted().toList();
        }
    }

    private ResetSettings settings(String certDir) {
        return new ResetSettings(new HostPaths(root.toString()), certDir);
    }

    @Test
    void aControlPlaneLosesKubernetesFilesOnlyAndNothingIsDeletedThroughAMount() throws Exception {
        String etcdManifest = Files.readString(Path.of("src/test/resources/golden/kubeadm-v1.36.3/etcd.yaml"));
        write("/etc/kubernetes/manifests/etcd.yaml", etcdManifest);
        write("/etc/kubernetes/manifests/kube-apiserver.yaml", "kind: Pod\n");
        write("/etc/kubernetes/pki/ca.crt", "ca");
        write("/etc/kubernetes/pki/etcd/ca.key", "key");
        for (String conf : FileCleanup.KUBECONFIGS) {
            write("/etc/kubernetes/" + conf, "kubeconfig");
        }
        write("/etc/kubernetes/tmp/kubeadm-backup-etcd/x", "x");
        write("/etc/kubernetes/audit-policy.yaml", "the operator's own file");
        write("/var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n");
        write("/var/lib/kubelet/pki/kubelet-client-current.pem", "pem");
        mounted = root.resolve("var/lib/kubelet/pods/4c1e/volumes/kubernetes.io~projected/kube-api-access");
        Files.createDirectories(mounted);
        host.exec(Command.change("mount -t tmpfs tmpfs " + Shell.quote(mounted.toString()))).orFail(host, "mounting a tmpfs");
        Files.writeString(mounted.resolve("token"), "a token on the tmpfs");
        write("/var/lib/etcd/member/snap/db", "etcd data");
        write("/var/lib/etcd-other/keep", "not this node's configured data dir");
        write("/etc/cni/net.d/10-kboot.conflist", "{}");
        write("/var/lib/cni/networks/kboot/10.244.1.2", "id");
        write("/etc/hosts.test", "unrelated");
        write("/var/lib/kboot/hostprep.jsonl", "{}\n");

        ResetFixture.Run run = ResetFixture.run(host, settings("/etc/kubernetes/pki"), Confirmation.GIVEN, FileCleanup::run);

        assertFalse(host.exec(Command.query("grep -q " + Shell.quote(root.toString()) + " /proc/mounts")).ok(),
                "the tmpfs was unmounted");
        mounted = null;
        assertEquals(List.of("/", "/etc", "/etc/hosts.test", "/etc/kubernetes", "/etc/kubernetes/audit-policy.yaml",
                "/var", "/var/lib", "/var/lib/etcd", "/var/lib/etcd-other", "/var/lib/etcd-other/keep",
                "/var/lib/kboot", "/var/lib/kboot/hostprep.jsonl"), tree());
        assertTrue(run.out().contains("unmounted 1 mount(s) under " + root + "/var/lib/kubelet"), run.out());
        assertTrue(run.out().contains("the contents of " + root + "/var/lib/etcd"), run.out());
        assertEquals("", run.err());

        ResetFixture.Run again = ResetFixture.run(host, settings("/etc/kubernetes/pki"), Confirmation.GIVEN, FileCleanup::run);
        assertTrue(again.out().contains("nothing to delete"), again.out());
    }

    @Test
    void aWorkersKubernetesDirectoryGoesWholeAndANonDefaultCertificateDirectoryIsOnlyEmptied() throws Exception {
        write("/etc/kubernetes/kubelet.conf", "kubeconfig");
        write("/etc/kubernetes/bootstrap-kubelet.conf", "kubeconfig");
        write("/etc/kubernetes/pki/ca.crt", "ca");
        Files.createDirectories(root.resolve("etc/kubernetes/manifests"));
        write("/srv/pki/ca.crt", "ca");
        write("/var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n");
        write("/etc/cni/net.d/10-kboot.conflist", "{}");
        write("/etc/cni/other/keep", "another tool's");

        ResetFixture.Run run = ResetFixture.run(host, settings("/srv/pki"), Confirmation.GIVEN, FileCleanup::run);

        assertTrue(exists("/etc/kubernetes/pki/ca.crt"),
                "with --cert-dir /srv/pki, /etc/kubernetes/pki is not the certificate directory");
        assertFalse(exists("/etc/kubernetes/kubelet.conf") || exists("/etc/kubernetes/manifests") || exists("/var/lib/kubelet"));
        assertTrue(exists("/srv/pki") && !exists("/srv/pki/ca.crt"), "a configured directory is emptied, not deleted");
        assertFalse(exists("/etc/cni/net.d"));
        assertTrue(exists("/etc/cni/other/keep"));
        assertTrue(run.err().contains("cleaning a non-default certificates directory: /srv/pki"), run.err());

        Files.delete(root.resolve("etc/kubernetes/pki/ca.crt"));
        Files.delete(root.resolve("etc/kubernetes/pki"));
        ResetFixture.run(host, settings("/srv/pki"), Confirmation.GIVEN, FileCleanup::run);
        assertFalse(exists("/etc/kubernetes"), "an empty /etc/kubernetes goes");
    }

    /**
     * containerd's CRI plugin exits fatally when the CNI configuration directory it watches is
     * deleted, and systemd's restart makes the directory again (seen on the lab VMs: a reset left an
     * empty /etc/cni/net.d, and containerd restarted). A real containerd watching this tree's
     * directory: files empties it and containerd keeps running; once containerd is stopped (as
     * host-prep's undo stops the containerd kboot installed), the empty directory goes.
     */
    @Test
    void theCniDirectoryARunningContainerdWatchesIsOnlyEmptiedUntilContainerdIsStopped() throws Exception {
        Path bin = K8sBuild.locate(List.of("bin/containerd", "bin/ctr")).resolve("bin");
        write("/etc/cni/net.d/10-kboot.conflist", "{}");
        String toml = "version = 3\n[plugins.'io.containerd.cri.v1.runtime'.cni]\n  conf_dir = '" + root.resolve("etc/cni/net.d")
                + "'\n";
        Path socket = root.resolve(FileCleanup.CONTAINERD_SOCKET.substring(1));
        ResetSettings settings = settings("/etc/kubernetes/pki");
        try (Containerd containerd = Containerd.start(bin, root.resolve("containerd"), toml, socket)) {
            ResetFixture.Run run = ResetFixture.run(containerd.host(), settings, Confirmation.GIVEN, FileCleanup::run);

            assertTrue(run.out().contains("deleted the contents of " + root + "/etc/cni/net.d"), run.out());
            assertEquals(List.of(), tree("/etc/cni/net.d"), "emptied");
            Thread.sleep(2000);
            assertTrue(containerd.running() && containerd.answers(), "containerd still runs: its CNI directory was not deleted");
            ResetFixture.Run idle =
                    ResetFixture.run(containerd.host(), settings, Confirmation.GIVEN, FileCleanup::removeIdleCniConfDir);
            assertTrue(exists("/etc/cni/net.d"), "kept while containerd answers: " + idle.out());
        }
        Host node = new LocalHost("node1");
        ResetFixture.Run after = ResetFixture.run(node, settings, Confirmation.GIVEN, FileCleanup::removeIdleCniConfDir);
        assertFalse(exists("/etc/cni"), "the empty directory goes once containerd is stopped");
        assertTrue(after.out().contains("deleted " + root + "/etc/cni/net.d"), after.out());
        ResetFixture.Run again = ResetFixture.run(node, settings, Confirmation.GIVEN, FileCleanup::run);
        assertTrue(again.out().contains("nothing to delete"), again.out());
    }

    private List<String> tree(String dir) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(dir.substring(1)))) {
            return files.map(Path::toString).sorted().toList();
        }
    }
}
