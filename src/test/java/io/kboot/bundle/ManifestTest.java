package io.kboot.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
    static final String SHA = "a".repeat(64);
    static final String DIGEST = "sha256:" + "b".repeat(64);

    static Manifest sample() {
        return new Manifest(Map.of("KUBERNETES_VERSION", "v1.36.3", "CONTAINERD_VERSION", "v2.3.7"),
                List.of(new Manifest.Image("images/pause.tar", "registry.k8s.io/pause:3.10.2", DIGEST)),
                List.of(new Manifest.Entry("images/pause.tar", 1024, SHA), new Manifest.Entry("bin/kubelet", 7, SHA)));
    }

    @Test
    void rendersOneSortedRecordALineAndParsesBack() {
        String text = sample().render();
        assertEquals("""
                # kboot offline bundle: what it holds, with sizes and SHA-256. Check with: kboot bundle verify FILE
                kboot-bundle 1
                version CONTAINERD_VERSION v2.3.7
                version KUBERNETES_VERSION v1.36.3
                image images/pause.tar registry.k8s.io/pause:3.10.2 %s
                file bin/kubelet 7 %s
                file images/pause.tar 1024 %s
                """.formatted(DIGEST, SHA, SHA), text);
        assertEquals(sample(), Manifest.parse(text));
        assertEquals(1031, sample().totalSize());
    }

    @Test
    void everyBadLineIsNamed() {
        String good = sample().render();
        assertProblem("MANIFEST is empty: expected \"kboot-bundle 1\" first", "# nothing\n");
        assertProblem("MANIFEST line 1: expected \"kboot-bundle 1\", found \"kboot-bundle 2\"", "kboot-bundle 2\n");
        assertProblem("MANIFEST line 8: bin/kubelet is listed twice: \"file bin/kubelet 7 " + SHA + "\"",
                good + "file bin/kubelet 7 " + SHA + "\n");
        assertProblem("MANIFEST line 8: unknown record \"blob\"", good + "blob x\n");
        assertProblem("MANIFEST line 8: expected \"file PATH SIZE SHA256\": \"file cni/x 1 xyz\"", good + "file cni/x 1 xyz\n");
        assertProblem("MANIFEST line 8: unsupported path \"../etc/passwd\"", good + "file ../etc/passwd 1 " + SHA + "\n");
        assertProblem("MANIFEST line 8: unsupported path \"/etc/passwd\"", good + "file /etc/passwd 1 " + SHA + "\n");
        assertProblem("MANIFEST line 8: MANIFEST cannot list itself: \"MANIFEST\"", good + "file MANIFEST 1 " + SHA + "\n");
        assertProblem("MANIFEST: image registry.k8s.io/etcd:3.6.8-0 is in images/etcd.tar, which has no file line",
                good + "image images/etcd.tar registry.k8s.io/etcd:3.6.8-0 " + DIGEST + "\n");
        assertProblem("MANIFEST line 3: expected \"version KEY VALUE\": \"version KUBERNETES_VERSION v1 36\"",
                "kboot-bundle 1\n\nversion KUBERNETES_VERSION v1 36\n");
    }

    private static void assertProblem(String message, String text) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Manifest.parse(text)).getMessage());
    }
}
