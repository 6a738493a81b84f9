package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static String error(String yaml) {
        return assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.parse("c.yaml", yaml)).getMessage();
    }

    @Test
    void loadsTheDocumentsKubeadmUsersAlreadyHave() throws Exception {
        Path file = Path.of(getClass().getResource("/config/kubeadm-init.yaml").toURI());
        ConfigDocuments docs = ConfigLoader.load(file);
        Kubeadm.InitConfiguration init = docs.init().orElseThrow();
        assertEquals("cp1", init.nodeRegistration().name());
        assertEquals(List.of(new Kubeadm.Arg("node-ip", "192.168.56.10")), init.nodeRegistration().kubeletExtraArgs());
        Kubeadm.ClusterConfiguration cluster = docs.clusterConfiguration().orElseThrow();
        assertEquals("10.244.0.0/16", cluster.networking().podSubnet());
        assertEquals(150, docs.kubeletConfiguration().orElseThrow().get("maxPods").asInt());
        assertTrue(docs.join().isEmpty());

        InitSettings settings = InitSettings.from(docs, new InitSettings.Flags());
        assertEquals(Optional.of("cp1"), settings.node().name());
        assertEquals("192.168.56.10", IpAddresses.format(settings.node().advertiseAddress().orElseThrow()));
        assertEquals("v1.33.4", settings.cluster().kubernetesVersion().toString());
        assertEquals("lab", settings.cluster().name());
        assertEquals("ECDSA-P256", settings.pki().encryptionAlgorithm());
        assertEquals(List.of(Cidr.parse("10.244.0.0/16")), settings.cluster().networking().podSubnets());
        assertEquals(List.of("cp.lab.internal", "192.168.56.100"), settings.pki().sans().apiServer());
        assertEquals(List.of("etcd.lab.internal"), settings.pki().sans().etcdServer());
        assertEquals(Set.of("NumCPU"), settings.run().ignorePreflightErrors());
    }

    @Test
    void flagsOverrideTheFileAndDefaultsFillTheRest() {
        ConfigDocuments docs = ConfigLoader.parse("c.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                networking:
                  podSubnet: 10.244.0.0/16
                """);
        assertEquals(List.of(Cidr.parse("10.244.0.0/16")), TestSettings.init(docs, f -> {}).cluster().networking().podSubnets());
        InitSettings merged = TestSettings.init(docs, f -> f.podSubnets = Optional.of(List.of(Cidr.parse("10.32.0.0/12"))));
        assertEquals(List.of(Cidr.parse("10.32.0.0/12")), merged.cluster().networking().podSubnets());
        assertEquals(List.of(Cidr.parse("10.96.0.0/12")), merged.cluster().networking().serviceSubnets());
        assertEquals("cluster.local", merged.cluster().networking().dnsDomain());
        assertEquals(Defaults.KUBERNETES_VERSION, merged.cluster().kubernetesVersion());
        assertEquals("RSA-2048", merged.pki().encryptionAlgorithm());
        assertEquals(6443, merged.node().bindPort());
    }

    @Test
    void anUnknownFieldIsNamedWithItsLineAndTheKnownOnes() {
        assertEquals("c.yaml:4:3: unknown field \"podSubnett\" in ClusterConfiguration networking"
                + " (known fields: dnsDomain, podSubnet, serviceSubnet)", error("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                networking:
                  podSubnett: 10.244.0.0/16
                """));
    }

    @Test
    void aBadCidrIsNamedWithItsLine() {
        assertEquals("c.yaml:6:3: ClusterConfiguration networking.serviceSubnet: \"10.96.0/12\" is not a CIDR:"
                + " \"10.96.0\" is not an IP address", error("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.34.1
                networking:
                  podSubnet: 10.244.0.0/16
                  serviceSubnet: 10.96.0/12
                """));
    }

    @Test
    void problemsInSeveralDocumentsAreAllReported() {
        String message = error("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                bootstrapTokens:
                - token: abc
                localAPIEndpoint:
                  advertiseAddress: 192.168.56
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                encryptionAlgorithm: DSA
                """);
        List<String> lines = message.lines().toList();
        assertEquals(3, lines.size(), message);
        assertTrue(lines.get(0).startsWith("c.yaml:10:1: ClusterConfiguration encryptionAlgorithm: \"DSA\" is not supported"),
                message);
        assertTrue(lines.get(1).startsWith(
                "c.yaml:6:3: InitConfiguration localAPIEndpoint.advertiseAddress: \"192.168.56\" is not an IP"), message);
        assertTrue(lines.get(2).startsWith("c.yaml:4:3: InitConfiguration bootstrapTokens[0].token: invalid bootstrap token"),
                message);
    }

    @Test
    void aVersionWrittenAsANumberIsRefused() {
        assertTrue(error("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: 1.30
                """)
                .startsWith("c.yaml:3:1: ClusterConfiguration kubernetesVersion: invalid value: expected a string (quote it"));
    }

    @Test
    void wrongShapesKindsAndVersions() {
        assertTrue(error("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: [a]\n")
                .startsWith("c.yaml:3:1: ClusterConfiguration networking: invalid value: expected a mapping"));
        assertTrue(error("apiVersion: v1\nkind: Pod\n")
                .startsWith("c.yaml:2:1: unknown kind \"Pod\" (expected one of InitConfiguration"));
        assertEquals(
                "c.yaml:1:1: ClusterConfiguration must have apiVersion kubeadm.k8s.io/v1beta4, got \"kubeadm.k8s.io/v1beta3\""
                        + " (convert older files with: kubeadm config migrate)",
                error("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"));
        assertTrue(
                error("kind: ClusterConfiguration\napiVersion: kubeadm.k8s.io/v1beta4\n---\napiVersion: kubeadm.k8s.io/v1beta4\n"
                        + "kind: ClusterConfiguration\n")
                        .startsWith("c.yaml:4:1: a second ClusterConfiguration document; the first is at c.yaml:1:1"));
        assertTrue(error("networking: {\n").startsWith("c.yaml:"));
        assertTrue(error("- a\n- b\n").contains("must be a mapping"));
    }

    @Test
    void joinDocumentsAreCheckedToo() {
        String message = error("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                discovery:
                  bootstrapToken:
                    apiServerEndpoint: 192.168.56.10:6443
                    token: abcdef.0123456789abcdef
                    caCertHashes: [sha256:1234]
                """);
        assertTrue(
                message.startsWith(
                        "c.yaml:7:20: JoinConfiguration discovery.bootstrapToken.caCertHashes[0]: invalid CA certificate hash"),
                message);
    }

    @Test
    void theClusterDocumentNeedsHostsAndAControlPlane() {
        String message = error("""
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                hosts:
                - name: w1
                  address: 192.168.56.11
                  role: worker
                - name: w1
                  address: 192.168.56.12
                  role: wroker
                  port: 70000
                """);
        assertTrue(message.contains("c.yaml:7:3: Cluster hosts[1].name: host \"w1\" is listed twice"), message);
        assertTrue(message.contains("Cluster hosts[1].role: \"wroker\" is not a role (expected control-plane or worker)"),
                message);
        assertTrue(message.contains("Cluster hosts[1].port: 70000 is not a port"), message);
        assertTrue(message.contains("Cluster hosts: no host has role control-plane"), message);
        ConfigDocuments ok = ConfigLoader.parse("c.yaml", """
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                ssh: {user: kboot, sudo: true}
                hosts:
                - {name: cp1, address: 192.168.56.10, role: control-plane, labels: {zone: a}}
                - {name: w1, address: 192.168.56.11, role: worker, taints: [{key: gpu, effect: NoSchedule}]}
                """);
        assertEquals(2, ok.cluster().orElseThrow().hosts().size());
    }

    @Test
    void anUnreadableFileIsNamed(@TempDir Path dir) throws Exception {
        assertEquals("cannot read config file " + dir.resolve("missing.yaml") + ": no such file",
                assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.load(dir.resolve("missing.yaml")))
                        .getMessage());
        Path directory = Files.createDirectory(dir.resolve("adir"));
        assertTrue(assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.load(directory)).getMessage()
                .startsWith("cannot read config file " + directory));
    }
}
