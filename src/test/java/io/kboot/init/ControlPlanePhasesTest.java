package io.kboot.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.TestSettings;
import io.kboot.controlplane.Component;
import io.kboot.facts.HostFactsTest;
import io.kboot.host.ExecResult;
import io.kboot.host.FileAttributes;
import io.kboot.host.RecordingHost;
import io.kboot.report.Reporter;
import io.kboot.report.Reporters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlanePhasesTest {
    private final Reporters.Captured output = Reporters.capturing();
    private final Reporter reporter = output.reporter();

    private InitContext context(RecordingHost host) {
        InitSettings settings = TestSettings.init(f -> {});
        return new InitContext(settings, host, reporter);
    }

    /** A control-plane node: the facts script and the CA directory lookup answered as on the lab VM. */
    private static RecordingHost node() {
        return new RecordingHost("cp1").answer("uid=$(id -u)", HostFactsTest.DEBIAN_VM)
                .answer("for d in", "/etc/ca-certificates\n/usr/share/ca-certificates\n");
    }

    @Test
    void writesEachManifestOwnerOnlyInTheManifestsDirectory() {
        RecordingHost host = node();
        InitContext ctx = context(host);
        ControlPlanePhases.writeManifest(ctx, Component.KUBE_APISERVER);
        RecordingHost.Upload upload = host.uploads().get(0);
        assertEquals("/etc/kubernetes/manifests/kube-apiserver.yaml", upload.path());
        assertEquals(FileAttributes.PRIVATE, upload.attributes());
        assertTrue(upload.text().contains("- --advertise-address=10.77.0.10\n"), "the node's default-route address");
        assertTrue(upload.text().contains("name: etc-ca-certificates"), "mounts the CA directories the node has");
        assertTrue(!upload.text().contains("name: etc-pki"), "and only those");
        assertTrue(host.changes().get(0).contains("chmod 0700 /etc/kubernetes/manifests"), host.changes().toString());
    }

    @Test
    void anUnchangedManifestIsLeftAlone() {
        RecordingHost first = node();
        ControlPlanePhases.writeManifest(context(first), Component.ETCD);
        String manifest = first.uploaded("/etc/kubernetes/manifests/etcd.yaml");
        RecordingHost again = node().file("/etc/kubernetes/manifests/etcd.yaml", manifest);
        ControlPlanePhases.writeManifest(context(again), Component.ETCD);
        assertEquals(List.of(), again.uploads());
        assertTrue(output.out().contains("Using existing static Pod manifest for \"etcd\" (unchanged)"), output.out());
    }

    @Test
    void externalCaModeWhenOnlyTheCaCertificateIsThere() {
        RecordingHost host = node().file("/etc/kubernetes/pki/ca.crt", "CERT");
        assertTrue(ControlPlanePhases.spec(context(host)).host().externalCa());
        assertTrue(!ControlPlanePhases.spec(context(node().file("/etc/kubernetes/pki/ca.crt", "C")
                .file("/etc/kubernetes/pki/ca.key", "K"))).host().externalCa());
    }

    @Test
    void kubeletStartWritesItsFilesThenRestartsTheKubeletOnce() {
        RecordingHost host = node().answer("systemctl is-active", new ExecResult(3, "", ""));
        ControlPlanePhases.kubeletStart(context(host));
        assertEquals(List.of("/var/lib/kubelet/config.yaml", "/var/lib/kubelet/kubeadm-flags.env",
                "/var/lib/kubelet/instance-config.yaml"), host.uploads().stream().map(RecordingHost.Upload::path).toList());
        assertTrue(host.uploaded("/var/lib/kubelet/config.yaml").contains("- 10.96.0.10\n"));
        assertEquals("KUBELET_KUBEADM_ARGS=\"\"\n", host.uploaded("/var/lib/kubelet/kubeadm-flags.env"), "node name = hostname");
        assertTrue(host.changes().get(host.changes().size() - 1).endsWith("systemctl restart kubelet"));
    }

    @Test
    void theUsersPatchesReachTheManifestAndTheKubeletConfigurationOnTheNode(@TempDir Path patches) throws Exception {
        Files.writeString(patches.resolve("kube-apiserver+merge.yaml"), "metadata: {labels: {tier: null}}\n");
        Files.writeString(patches.resolve("kubeletconfiguration.yaml"), "maxPods: 64\n");
        Files.writeString(patches.resolve("notes.md"), "kept beside the patches\n");
        InitSettings settings = TestSettings.init(f -> f.run.patches = Optional.of(patches));
        RecordingHost host = node().answer("systemctl is-active", new ExecResult(3, "", ""));
        InitContext ctx = new InitContext(settings, host, reporter);
        InitWorkflow.preflight(ctx);
        ControlPlanePhases.writeManifest(ctx, Component.KUBE_APISERVER);
        ControlPlanePhases.writeManifest(ctx, Component.ETCD);
        ControlPlanePhases.kubeletStart(ctx);
        assertTrue(!host.uploaded("/etc/kubernetes/manifests/kube-apiserver.yaml").contains("tier: control-plane"));
        assertTrue(host.uploaded("/etc/kubernetes/manifests/etcd.yaml").contains("tier: control-plane"),
                "other targets unchanged");
        assertTrue(host.uploaded("/var/lib/kubelet/config.yaml").contains("\nmaxPods: 64\n"));
        assertTrue(output.out().contains("cp1: Applying the merge patch " + patches.resolve("kube-apiserver+merge.yaml")
                + " to \"kube-apiserver\""), output.out());
        assertTrue(output.out().contains("Applying the strategic patch " + patches.resolve("kubeletconfiguration.yaml")
                + " to \"kubeletconfiguration\""), output.out());
    }

    @Test
    void aVersionKbootCannotMakeAControlPlaneOfIsABadInput() {
        InitSettings old = TestSettings.init(f -> f.kubernetesVersion = Optional.of(KubernetesVersion.parse("v1.33.4")));
        InitContext ctx = new InitContext(old, node(), reporter);
        var e = Assertions.assertThrows(KbootException.InvalidInput.class, () -> ControlPlanePhases.spec(ctx));
        assertEquals("kboot cannot bootstrap a control plane of Kubernetes v1.33.4; supported releases: v1.35, v1.36",
                e.getMessage());
    }
}
