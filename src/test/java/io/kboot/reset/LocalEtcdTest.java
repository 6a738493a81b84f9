package io.kboot.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.api.EtcdClient;
import io.kboot.etcd.LocalEtcd;
import io.kboot.host.RecordingHost;
import io.kboot.hostprep.HostPaths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalEtcdTest {
    private static String golden(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/golden/kubeadm-v1.36.3/" + name));
    }

    @Test
    void aJoinedControlPlanesMemberFromTheManifestKubeadmWrites() throws IOException {
        LocalEtcd etcd = LocalEtcd.parse(golden("etcd-join.yaml"));
        assertEquals(new LocalEtcd("cp2", "https://10.77.0.11:2380", List.of(URI.create("https://10.77.0.11:2379")),
                List.of("https://10.77.0.10:2380"), "/etc/kubernetes/pki/etcd", "/var/lib/etcd"), etcd);
        assertEquals(List.of(URI.create("https://10.77.0.11:2379"), URI.create("https://10.77.0.10:2379")), etcd.endpoints());
    }

    @Test
    void theDataDirectoryIsTheEtcdDataVolume() throws IOException {
        String moved = golden("etcd.yaml").replace("path: /var/lib/etcd\n", "path: /data/etcd\n");
        assertEquals("/data/etcd", LocalEtcd.parse(moved).dataDir());
        assertEquals(List.of(), LocalEtcd.parse(golden("etcd.yaml")).otherPeers());
    }

    @Test
    void aWorkerHasNoMemberAndABrokenManifestSaysHowToGoOn() {
        RecordingHost worker = new RecordingHost("w1");
        assertTrue(LocalEtcd.read(worker, HostPaths.SYSTEM, EtcdMemberRemoval.UNREADABLE_MANIFEST).isEmpty());
        RecordingHost broken =
                new RecordingHost("cp2").file(LocalEtcd.MANIFEST, "kind: Pod\nspec:\n  containers:\n  - name: etcd\n");
        KbootException.StepFailed e =
                assertThrows(KbootException.StepFailed.class,
                        () -> LocalEtcd.read(broken, HostPaths.SYSTEM, EtcdMemberRemoval.UNREADABLE_MANIFEST));
        assertTrue(e.getMessage().contains("has no --name") && e.getMessage().contains("--skip-phases remove-etcd-member"),
                e.getMessage());
    }

    @Test
    void onlyAMemberWithOthersIsRemoved() {
        EtcdClient.Member cp1 = new EtcdClient.Member("1", "cp1", List.of("https://10.0.0.1:2380"), false);
        EtcdClient.Member cp2 = new EtcdClient.Member("2", "cp2", List.of("https://10.0.0.2:2380"), false);
        assertEquals(new EtcdMemberRemoval.Remove(cp2, 1), EtcdMemberRemoval.decide(List.of(cp1, cp2), "https://10.0.0.2:2380"));
        assertEquals(new EtcdMemberRemoval.LastMember(cp1), EtcdMemberRemoval.decide(List.of(cp1), "https://10.0.0.1:2380"));
        assertInstanceOf(EtcdMemberRemoval.NotMember.class, EtcdMemberRemoval.decide(List.of(cp1), "https://10.0.0.2:2380"));
    }

    @Test
    void aWorkerSkipsTheRemovalWithoutTouchingAnything() {
        RecordingHost worker = new RecordingHost("w1");
        ResetFixture.Run run = ResetFixture.run(worker, EtcdMemberRemoval::run);
        assertTrue(run.out().contains("no etcd static Pod on this node"), run.out());
        assertEquals(List.of(), worker.events());
    }

    @Test
    void withoutTheEtcdClientCertificateTheRemovalStopsTheReset() throws IOException {
        RecordingHost cp2 = new RecordingHost("cp2").file(LocalEtcd.MANIFEST, golden("etcd-join.yaml"));
        KbootException.StepFailed e =
                assertThrows(KbootException.StepFailed.class, () -> ResetFixture.run(cp2, EtcdMemberRemoval::run));
        assertTrue(
                e.getMessage().contains("/etc/kubernetes/pki/etcd/ca.crt is missing")
                        && e.getMessage().contains("etcdctl member remove"),
                e.getMessage());
    }

    @Test
    void directoriesAResetWouldEmptyMustNotBeSystemOnes() {
        for (String bad : List.of("/", "/etc", "/var/lib", "/etc/kubernetes", "relative/pki", "/etc/../etc", "/a b")) {
            assertTrue(Removable.problem(bad).isPresent(), bad);
        }
        for (String good : List.of("/etc/kubernetes/pki", "/var/lib/etcd", "/data/etcd", "/srv/pki")) {
            assertEquals(Optional.empty(), Removable.problem(good), good);
        }
        KbootException.InvalidInput e =
                assertThrows(KbootException.InvalidInput.class, () -> new ResetSettings(HostPaths.SYSTEM, "/etc"));
        assertEquals("--cert-dir /etc: is a system directory; reset deletes what this directory holds, so it refuses /etc",
                e.getMessage());
        assertEquals("/srv/pki", new ResetSettings(HostPaths.SYSTEM, "/srv/pki/").certificatesDir());
    }
}
