package io.kboot.certs;

import static io.kboot.pki.PkiSettingsFixtures.apiServerSans;
import static io.kboot.pki.PkiSettingsFixtures.issuing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.LocalHost;
import io.kboot.kubeconfig.Kubeconfig;
import io.kboot.kubeconfig.KubeconfigSettings;
import io.kboot.kubeconfig.Kubeconfigs;
import io.kboot.pki.CertExpiration;
import io.kboot.pki.CertInfo;
import io.kboot.pki.CertificateAuthority;
import io.kboot.pki.DirSnapshot;
import io.kboot.pki.EncryptionAlgorithm;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateManagerTest {
    private static final Instant START = Instant.parse("2026-01-10T12:00:00Z");
    private static final Instant LATER = START.plus(Duration.ofDays(30));

    @TempDir
    Path root;

    private final List<String> infos = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final PkiListener listener = PkiListener.of(infos::add, warnings::add);

    @BeforeEach
    void cluster() {
        PkiSettings s = issuing(apiServerSans(PkiSettings.defaults("node1", "192.168.0.101"), List.of("api.example.com")),
                i -> i.withEncryptionAlgorithm(EncryptionAlgorithm.ECDSA_P256).withClock(Clock.fixed(START, ZoneOffset.UTC)));
        Pki pki = new Pki(new LocalHost(), pki().toString(), s, listener);
        pki.ensure("all");
        new Kubeconfigs(new LocalHost(), root.toString(), pki, KubeconfigSettings.from(s, 6443), listener).ensure("all");
        infos.clear();
    }

    private Path pki() {
        return root.resolve("pki");
    }

    private CertificateManager manager(Instant now) {
        return new CertificateManager(new LocalHost(), pki().toString(), root.toString(), Duration.ofHours(8760),
                Clock.fixed(now, ZoneOffset.UTC), listener);
    }

    private CertInfo cert(String file) throws IOException {
        return CertInfo.parse(Files.readString(pki().resolve(file)));
    }

    private CertInfo embedded(String file) throws IOException {
        return CertInfo.parse(Kubeconfig.parse(Files.readAllBytes(root.resolve(file))).clientCertificatePem().orElseThrow());
    }

    @Test
    void checkExpirationListsEveryCertificateLikeKubeadm() {
        ExpirationReport report = manager(START.plus(Duration.ofHours(1))).checkExpiration();
        assertEquals(List.of("admin.conf", "apiserver", "apiserver-etcd-client", "apiserver-kubelet-client",
                "controller-manager.conf", "etcd-healthcheck-client", "etcd-peer", "etcd-server", "front-proxy-client",
                "scheduler.conf", "super-admin.conf"), report.certificates().stream().map(CertExpiration::name).toList());
        assertEquals(List.of("ca", "etcd-ca", "front-proxy-ca"),
                report.authorities().stream().map(CertExpiration::name).toList());
        CertExpiration apiserver = report.certificates().get(1);
        assertEquals(START.plus(Duration.ofHours(8760)), apiserver.expires().orElseThrow());
        assertEquals(Duration.ofHours(8759), apiserver.residual().orElseThrow());
        assertEquals("ca", apiserver.certificateAuthority());
        assertEquals("etcd-ca", report.certificates().get(2).certificateAuthority());
        assertEquals("front-proxy-ca", report.certificates().get(8).certificateAuthority());
        assertTrue(report.certificates().stream().noneMatch(CertExpiration::externallyManaged));

        String table = report.render();
        assertTrue(table.startsWith("""
                CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED
                admin.conf                 Jan 10, 2027 12:00 UTC   364d            ca                      no     \s
                apiserver                  Jan 10, 2027 12:00 UTC   364d            ca                      no     \s
                """), table);
        assertTrue(table.contains("""

                CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED
                ca                      Jan 08, 2036 12:00 UTC   9y              no     \s
                """), table);
    }

    @Test
    void missingAndExternalAreShown() throws IOException {
        Files.delete(pki().resolve("ca.key"));
        Files.delete(pki().resolve("etcd/peer.crt"));
        ExpirationReport report = manager(START).checkExpiration();
        CertExpiration peer = report.certificates().stream().filter(c -> c.name().equals("etcd-peer")).findFirst()
                .orElseThrow();
        assertTrue(peer.isMissing());
        assertTrue(report.certificates().get(0).externallyManaged(), "admin.conf is signed by the external ca");
        assertTrue(report.authorities().get(0).externallyManaged());
        assertTrue(report.render().contains("!MISSING! etcd-peer"));
    }

    /** apimachinery's TestHumanDuration and TestHumanDurationBoundaries (v0.36.3), a selection. */
    @ParameterizedTest
    @CsvSource({"PT-2S, <invalid>", "PT-1.999999999S, 0s", "PT0S, 0s", "PT0.999S, 0s", "PT1M59.999S, 119s",
        "PT2M, 2m", "PT3M10S, 3m10s", "PT9M59.999S, 9m59s", "PT10M1S, 10m", "PT70M, 70m", "PT3H1M, 3h1m",
        "PT7H59M59.999S, 7h59m", "PT8H59M, 8h", "PT47H, 47h", "PT49H, 2d1h", "PT191H59M59.999S, 7d23h",
        "PT194H, 8d", "PT8759H, 364d", "PT8760H, 365d", "PT17519H59M59.999S, 729d", "PT17545H, 2y1d",
        "PT70082H, 8y", "PT87599H, 9y"})
    void residualTimeIsPrintedAsKubeadmDoes(Duration residual, String expected) {
        assertEquals(expected, ExpirationReport.humanDuration(residual));
    }

    @Test
    void renewingOneCertificateKeepsSubjectSansAndUsagesWithAFreshKey() throws IOException {
        CertInfo before = cert("apiserver.crt");
        String keyBefore = Files.readString(pki().resolve("apiserver.key"));
        Map<String, String> others = snapshotWithout("apiserver.crt", "apiserver.key");

        assertEquals(List.of("apiserver"), manager(LATER).renew("apiserver"));

        CertInfo after = cert("apiserver.crt");
        assertEquals(before.commonName(), after.commonName());
        assertEquals(before.organizations(), after.organizations());
        assertEquals(before.altNames(), after.altNames());
        assertEquals(before.extKeyUsages(), after.extKeyUsages());
        assertNotEquals(before.serialNumber(), after.serialNumber());
        assertEquals(LATER.minus(Duration.ofMinutes(5)), after.notBefore());
        assertEquals(LATER.plus(Duration.ofHours(8760)), after.notAfter());
        assertNotEquals(keyBefore, Files.readString(pki().resolve("apiserver.key")));
        assertTrue(CertificateAuthority.keyMatches(Files.readString(pki().resolve("apiserver.crt")),
                Files.readString(pki().resolve("apiserver.key"))));
        assertTrue(CertificateAuthority.load(new LocalHost(), pki().toString(), "ca", LATER)
                .issued(Files.readString(pki().resolve("apiserver.crt"))));
        assertEquals(others, snapshotWithout("apiserver.crt", "apiserver.key"));
        assertTrue(infos.contains("certificate for serving the Kubernetes API renewed"), infos.toString());
    }

    @Test
    void renewingAllRenewsLeavesAndKubeconfigsButNotCasSaOrKubeletConf() throws IOException {
        Map<String, String> before = snapshotWithout();
        List<String> renewed = manager(LATER).renew("all");
        assertEquals(List.of("apiserver", "apiserver-kubelet-client", "front-proxy-client", "etcd-server", "etcd-peer",
                "etcd-healthcheck-client", "apiserver-etcd-client", "admin.conf", "super-admin.conf",
                "controller-manager.conf", "scheduler.conf"), renewed);
        Map<String, String> after = snapshotWithout();
        for (String unchanged : List.of("pki/ca.crt", "pki/ca.key", "pki/etcd/ca.key", "pki/front-proxy-ca.crt",
                "pki/sa.key", "pki/sa.pub", "kubelet.conf")) {
            assertEquals(before.get(unchanged), after.get(unchanged), unchanged);
        }
        assertEquals(LATER.plus(Duration.ofHours(8760)), embedded("admin.conf").notAfter());
        assertEquals("kubernetes-admin", embedded("admin.conf").commonName());
        assertEquals(List.of("kubeadm:cluster-admins"), embedded("admin.conf").organizations());
        Kubeconfig admin = Kubeconfig.parse(Files.readAllBytes(root.resolve("admin.conf")));
        assertTrue(CertificateAuthority.keyMatches(admin.clientCertificatePem().orElseThrow(),
                admin.clientKeyPem().orElseThrow()));
        assertEquals("https://192.168.0.101:6443", admin.server().orElseThrow());
        assertTrue(infos.get(infos.size() - 1).startsWith("Done renewing certificates."));
    }

    @Test
    void anExternalCaIsSkippedWithAMessage() throws IOException {
        Files.delete(pki().resolve("ca.key"));
        assertEquals(List.of(), manager(LATER).renew("apiserver"));
        assertTrue(warnings.contains("Detected external ca certificate authority, certificate for serving the "
                + "Kubernetes API can't be renewed"), warnings.toString());
        assertEquals(List.of("front-proxy-client", "etcd-server", "etcd-peer", "etcd-healthcheck-client",
                "apiserver-etcd-client"), manager(LATER).renew("all"));
    }

    @Test
    void badRequestsWriteNothing() throws IOException {
        DirSnapshot before = DirSnapshot.of(root);
        var e = assertThrows(KbootException.InvalidInput.class, () -> manager(LATER).renew("ca"));
        assertTrue(e.getMessage().startsWith("cannot renew \"ca\": valid names are all, apiserver,"), e.getMessage());
        assertEquals(before, DirSnapshot.of(root));
        Files.delete(root.resolve("scheduler.conf"));
        before = DirSnapshot.of(root);
        e = assertThrows(KbootException.InvalidInput.class, () -> manager(LATER).renew("scheduler.conf"));
        assertTrue(e.getMessage().contains("scheduler.conf does not exist"), e.getMessage());
        assertEquals(before, DirSnapshot.of(root));
        Files.writeString(root.resolve("controller-manager.conf"), "{not yaml");
        before = DirSnapshot.of(root);
        e = assertThrows(KbootException.InvalidInput.class, () -> manager(LATER).renew("all"));
        assertTrue(e.getMessage().startsWith(root.resolve("controller-manager.conf") + ": not valid YAML"),
                e.getMessage());
        assertEquals(before, DirSnapshot.of(root), "renew all wrote files before failing");
    }

    private Map<String, String> snapshotWithout(String... excluded) {
        Map<String, String> files = new TreeMap<>(DirSnapshot.of(root).files());
        for (String name : excluded) {
            files.remove("pki/" + name);
        }
        return files;
    }
}
