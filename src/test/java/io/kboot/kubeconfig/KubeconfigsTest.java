package io.kboot.kubeconfig;

import static io.kboot.pki.PkiSettingsFixtures.cluster;
import static io.kboot.pki.PkiSettingsFixtures.issuing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.LocalHost;
import io.kboot.pki.CertAndKey;
import io.kboot.pki.CertInfo;
import io.kboot.pki.CertificateAuthority;
import io.kboot.pki.ControlPlaneEndpoint;
import io.kboot.pki.DirSnapshot;
import io.kboot.pki.EncryptionAlgorithm;
import io.kboot.pki.Ensured;
import io.kboot.pki.ExtKeyUsage;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigsTest {
    private static final Instant START = Instant.parse("2026-01-10T12:00:00Z");

    @TempDir
    Path root;

    private final List<String> infos = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final PkiListener listener = PkiListener.of(infos::add, warnings::add);

    private static PkiSettings settings() {
        return issuing(PkiSettings.defaults("node1", "192.168.0.101"),
                i -> i.withEncryptionAlgorithm(EncryptionAlgorithm.ECDSA_P256).withClock(Clock.fixed(START, ZoneOffset.UTC)));
    }

    private static PkiSettings atLb(PkiSettings s) {
        return cluster(s, c -> c.withControlPlaneEndpoint(Optional.of(ControlPlaneEndpoint.parse("lb.example.com"))));
    }

    private Path pkiDir() {
        return root.resolve("pki");
    }

    private Kubeconfigs kubeconfigs(PkiSettings s) {
        Pki pki = new Pki(new LocalHost(), pkiDir().toString(), s, listener);
        return new Kubeconfigs(new LocalHost(), root.toString(), pki, KubeconfigSettings.from(s, 6443), listener);
    }

    private List<Ensured> ensureAll(PkiSettings s) {
        new Pki(new LocalHost(), pkiDir().toString(), s, listener).ensure("all");
        return kubeconfigs(s).ensure("all");
    }

    private String read(String file) throws IOException {
        return Files.readString(root.resolve(file));
    }

    private void assertInvalidAndUnchanged(String fragment, Runnable action) {
        DirSnapshot before = DirSnapshot.of(root);
        var e = assertThrows(KbootException.InvalidInput.class, action::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(before, DirSnapshot.of(root));
    }

    @Test
    void layoutIsKubeadms() throws IOException {
        ensureAll(settings());
        String admin = read("admin.conf");
        Matcher m = Pattern.compile("certificate-authority-data: (\\S+)\n(?s:.*)client-certificate-data: (\\S+)\n"
                + "    client-key-data: (\\S+)\n").matcher(admin);
        assertTrue(m.find(), admin);
        assertEquals("""
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: https://192.168.0.101:6443
                  name: kubernetes
                contexts:
                - context:
                    cluster: kubernetes
                    user: kubernetes-admin
                  name: kubernetes-admin@kubernetes
                current-context: kubernetes-admin@kubernetes
                kind: Config
                users:
                - name: kubernetes-admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(m.group(1), m.group(2), m.group(3)), admin);
        Kubeconfig parsed = Kubeconfig.parse(admin.getBytes());
        assertEquals(Files.readString(pkiDir().resolve("ca.crt")), parsed.certificateAuthorityPem().orElseThrow());
        assertTrue(parsed.clientKeyPem().orElseThrow().startsWith("-----BEGIN EC PRIVATE KEY-----"));
    }

    @Test
    void identitiesAndServers() throws IOException {
        PkiSettings s = atLb(settings());
        List<Ensured> results = ensureAll(s);
        assertEquals(List.of("admin", "super-admin", "kubelet", "controller-manager", "scheduler"),
                results.stream().map(Ensured::name).toList());
        record Expected(String file, String user, List<String> orgs, String server) {}
        String lb = "https://lb.example.com:6443";
        String local = "https://192.168.0.101:6443";
        CertificateAuthority ca = CertificateAuthority.load(new LocalHost(), pkiDir().toString(), "ca", START);
        for (Expected e : List.of(
                new Expected("admin.conf", "kubernetes-admin", List.of("kubeadm:cluster-admins"), lb),
                new Expected("super-admin.conf", "kubernetes-super-admin", List.of("system:masters"), lb),
                new Expected("kubelet.conf", "system:node:node1", List.of("system:nodes"), local),
                new Expected("controller-manager.conf", "system:kube-controller-manager", List.of(), local),
                new Expected("scheduler.conf", "system:kube-scheduler", List.of(), local))) {
            Kubeconfig config = Kubeconfig.parse(read(e.file()).getBytes());
            assertEquals(e.user() + "@kubernetes", config.currentContext().orElseThrow(), e.file());
            assertEquals(e.user(), config.userName().orElseThrow());
            assertEquals(e.server(), config.server().orElseThrow(), e.file());
            CertInfo info = CertInfo.parse(config.clientCertificatePem().orElseThrow());
            assertEquals(e.user(), info.commonName());
            assertEquals(e.orgs(), info.organizations());
            assertEquals(Set.of(ExtKeyUsage.CLIENT_AUTH), info.extKeyUsages());
            assertEquals(START.plus(Duration.ofHours(8760)), info.notAfter());
            assertTrue(ca.issued(config.clientCertificatePem().orElseThrow()), e.file());
            assertTrue(CertificateAuthority.keyMatches(config.clientCertificatePem().orElseThrow(),
                    config.clientKeyPem().orElseThrow()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(e.file()))));
        }
        assertTrue(infos.contains("Writing \"admin.conf\" kubeconfig file"), infos.toString());
    }

    @Test
    void ipv6AndCustomClusterName() throws IOException {
        PkiSettings v6 = PkiSettings.defaults("node1", "fd00::10");
        PkiSettings s = issuing(cluster(v6, c -> c.withServiceSubnet("fd00:96::/112").withName("lab")),
                i -> i.withEncryptionAlgorithm(EncryptionAlgorithm.ECDSA_P256));
        ensureAll(s);
        Kubeconfig config = Kubeconfig.parse(read("scheduler.conf").getBytes());
        assertEquals("https://[fd00::10]:6443", config.server().orElseThrow());
        assertEquals("system:kube-scheduler@lab", config.currentContext().orElseThrow());
    }

    @Test
    void existingFilesAreReused() {
        ensureAll(settings());
        DirSnapshot before = DirSnapshot.of(root);
        infos.clear();
        assertTrue(kubeconfigs(settings()).ensure("all").stream().noneMatch(Ensured::created));
        assertEquals(before, DirSnapshot.of(root));
        assertTrue(infos.contains("Using existing kubeconfig file: \"" + root.resolve("admin.conf") + "\""));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aKubeconfigOfAnotherCaIsAnError() throws IOException {
        ensureAll(settings());
        Path other = root.resolve("other");
        new Pki(new LocalHost(), other.resolve("pki").toString(), settings(), listener).ensure("ca");
        Pki otherPki = new Pki(new LocalHost(), other.resolve("pki").toString(), settings(), listener);
        new Kubeconfigs(new LocalHost(), other.toString(), otherPki, KubeconfigSettings.from(settings(), 6443),
                listener).ensure("admin");
        Files.writeString(root.resolve("admin.conf"), Files.readString(other.resolve("admin.conf")));
        Files.delete(root.resolve("scheduler.conf"));
        assertInvalidAndUnchanged(root.resolve("admin.conf") + " exists but has got the wrong CA cert",
                () -> kubeconfigs(settings()).ensure("all"));
    }

    @Test
    void aDifferentServerIsAWarning() {
        ensureAll(settings());
        kubeconfigs(atLb(settings())).ensure("admin");
        assertTrue(warnings.contains(root.resolve("admin.conf") + " exists but has an unexpected API Server URL: "
                + "expected https://lb.example.com:6443, got https://192.168.0.101:6443"), warnings.toString());
    }

    @Test
    void aKeyThatDoesNotMatchIsAnError() throws IOException {
        ensureAll(settings());
        String admin = read("admin.conf");
        String scheduler = read("scheduler.conf");
        String otherKey = scheduler.substring(scheduler.indexOf("client-key-data: "));
        Files.writeString(root.resolve("admin.conf"), admin.substring(0, admin.indexOf("client-key-data: ")) + otherKey);
        assertInvalidAndUnchanged(root.resolve("admin.conf") + ": client-key-data does not match",
                () -> kubeconfigs(settings()).ensure("admin"));
    }

    @Test
    void externalCaNeedsTheFiles() throws IOException {
        ensureAll(settings());
        Files.delete(pkiDir().resolve("ca.key"));
        assertTrue(kubeconfigs(settings()).ensure("all").stream().noneMatch(Ensured::created));
        Files.delete(root.resolve("kubelet.conf"));
        assertInvalidAndUnchanged("cannot create " + root.resolve("kubelet.conf") + ": the ca certificate authority "
                + "is external", () -> kubeconfigs(settings()).ensure("all"));
    }

    @Test
    void noCaNoKubeconfigs() {
        assertInvalidAndUnchanged(pkiDir().resolve("ca.crt") + " does not exist",
                () -> kubeconfigs(settings()).ensure("all"));
        assertInvalidAndUnchanged("unknown kubeconfig \"admins\": valid names are all, admin, super-admin, kubelet, "
                + "controller-manager, scheduler", () -> kubeconfigs(settings()).ensure("admins"));
    }

    @Test
    void aKubeletConfRotatedByTheKubeletIsKept() throws IOException {
        ensureAll(settings());
        String kubelet = read("kubelet.conf");
        String rotated = kubelet.substring(0, kubelet.indexOf("    client-certificate-data: "))
                + "    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n"
                + "    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n";
        Files.writeString(root.resolve("kubelet.conf"), rotated);
        assertEquals(List.of(Ensured.reused("kubelet")), kubeconfigs(settings()).ensure("kubelet"));
    }

    @Test
    void replacingCredentialsKeepsEverythingElse() throws IOException {
        ensureAll(settings());
        String original = read("scheduler.conf").replace("kind: Config\n", "kind: Config\npreferences:\n  colors: true\n")
                + "extensions:\n- name: x\n";
        Kubeconfig config = Kubeconfig.parse(original.getBytes());
        String admin = read("admin.conf");
        Kubeconfig other = Kubeconfig.parse(admin.getBytes());
        var creds = new CertAndKey(other.clientCertificatePem().orElseThrow(),
                other.clientKeyPem().orElseThrow());
        String renewed = config.withClientCredentials(creds).render();
        assertTrue(renewed.contains("  colors: true\n"), renewed);
        assertTrue(renewed.endsWith("extensions:\n- name: x\n"), renewed);
        assertEquals(other.clientCertificatePem(), Kubeconfig.parse(renewed.getBytes()).clientCertificatePem());
        assertTrue(config.toString().startsWith("Kubeconfig[system:kube-scheduler@kubernetes"));
    }
}
