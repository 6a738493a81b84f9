package io.kboot.pki;

import static io.kboot.pki.PkiSettingsFixtures.cluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.config.KubernetesVersion;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kubeadm-contracts.md §1.2, row by row. */
class CertSpecTest {
    private static final PkiSettings SETTINGS = PkiSettings.defaults("node1", "192.168.0.101");

    private record Row(String name, String base, String ca, String cn, List<String> o, Set<ExtKeyUsage> eku) {}

    private static final Set<ExtKeyUsage> SERVER = Set.of(ExtKeyUsage.SERVER_AUTH);
    private static final Set<ExtKeyUsage> CLIENT = Set.of(ExtKeyUsage.CLIENT_AUTH);
    private static final Set<ExtKeyUsage> BOTH = Set.of(ExtKeyUsage.SERVER_AUTH, ExtKeyUsage.CLIENT_AUTH);

    private static final List<Row> SPEC = List.of(
            new Row("ca", "ca", null, "kubernetes", List.of(), Set.of()),
            new Row("apiserver", "apiserver", "ca", "kube-apiserver", List.of(), SERVER),
            new Row("apiserver-kubelet-client", "apiserver-kubelet-client", "ca", "kube-apiserver-kubelet-client",
                    List.of(), CLIENT),
            new Row("front-proxy-ca", "front-proxy-ca", null, "front-proxy-ca", List.of(), Set.of()),
            new Row("front-proxy-client", "front-proxy-client", "front-proxy-ca", "front-proxy-client", List.of(), CLIENT),
            new Row("etcd-ca", "etcd/ca", null, "etcd-ca", List.of(), Set.of()),
            new Row("etcd-server", "etcd/server", "etcd-ca", "node1", List.of(), BOTH),
            new Row("etcd-peer", "etcd/peer", "etcd-ca", "node1", List.of(), BOTH),
            new Row("etcd-healthcheck-client", "etcd/healthcheck-client", "etcd-ca", "kube-etcd-healthcheck-client",
                    List.of(), CLIENT),
            new Row("apiserver-etcd-client", "apiserver-etcd-client", "etcd-ca", "kube-apiserver-etcd-client",
                    List.of(), CLIENT));

    @Test
    void theListIsKubeadmsInKubeadmsOrder() {
        List<CertSpec> specs = CertSpec.kubeadm();
        assertEquals(SPEC.size(), specs.size());
        for (int i = 0; i < SPEC.size(); i++) {
            Row row = SPEC.get(i);
            CertSpec spec = specs.get(i);
            assertEquals(row.name(), spec.name());
            assertEquals(row.base(), spec.baseName(), row.name());
            assertEquals(Optional.ofNullable(row.ca()), spec.caName(), row.name());
            assertEquals(row.cn(), spec.commonName().apply(SETTINGS), row.name());
            assertEquals(row.o(), spec.organizations().apply(SETTINGS), row.name());
            assertEquals(row.eku(), spec.usages(), row.name());
            assertEquals(row.base() + ".crt", spec.certFile());
            assertEquals(row.base() + ".key", spec.keyFile());
        }
    }

    @Test
    void theKubeletClientIsAClusterAdminUntilV136() {
        CertSpec spec = CertSpec.named("apiserver-kubelet-client").orElseThrow();
        PkiSettings v135 = cluster(SETTINGS, c -> c.withKubernetesVersion(KubernetesVersion.parse("v1.35.4")));
        assertEquals(List.of("kubeadm:cluster-admins"), spec.request(v135).organizations());
        PkiSettings v136 = cluster(SETTINGS, c -> c.withKubernetesVersion(KubernetesVersion.parse("v1.36.0")));
        assertEquals(List.of(), spec.request(v136).organizations());
    }

    @Test
    void casCarryTheirCommonNameAsDnsSan() {
        for (CertSpec spec : CertSpec.kubeadm()) {
            if (spec.isCa()) {
                assertEquals(new AltNames(List.of(spec.commonName().apply(SETTINGS)), List.of()),
                        spec.altNames().apply(SETTINGS));
            }
        }
    }

    @Test
    void clientCertificatesHaveNoSans() {
        for (String name : List.of("apiserver-kubelet-client", "front-proxy-client", "etcd-healthcheck-client",
                "apiserver-etcd-client")) {
            assertTrue(CertSpec.named(name).orElseThrow().altNames().apply(SETTINGS).isEmpty(), name);
        }
    }

    @Test
    void selectionsAreAllTheNamesAndSa() {
        assertEquals(List.of("all", "ca", "apiserver", "apiserver-kubelet-client", "front-proxy-ca",
                "front-proxy-client", "etcd-ca", "etcd-server", "etcd-peer", "etcd-healthcheck-client",
                "apiserver-etcd-client", "sa"), Pki.selections());
    }
}
