package io.kboot.pki;

import static io.kboot.pki.PkiSettingsFixtures.apiServerSans;
import static io.kboot.pki.PkiSettingsFixtures.caCertificateValidity;
import static io.kboot.pki.PkiSettingsFixtures.certificateValidity;
import static io.kboot.pki.PkiSettingsFixtures.issuing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.DryRunHost;
import io.kboot.host.LocalHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {
    private static final Instant START = Instant.parse("2026-01-10T12:00:00Z");

    @TempDir
    Path dir;

    private final List<String> infos = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final PkiListener listener = PkiListener.of(infos::add, warnings::add);

    private static PkiSettings settings() {
        return issuing(PkiSettings.defaults("node1", "192.168.0.101"),
                i -> i.withEncryptionAlgorithm(EncryptionAlgorithm.ECDSA_P256).withClock(Clock.fixed(START, ZoneOffset.UTC)));
    }

    private Pki pki(PkiSettings s) {
        return new Pki(new LocalHost(), dir.toString(), s, listener);
    }

    private List<Ensured> ensureAll() {
        return pki(settings()).ensure("all");
    }

    private void assertInvalidAndUnchanged(String expectedFragment, Runnable action) {
        DirSnapshot before = DirSnapshot.of(dir);
        var e = assertThrows(KbootException.InvalidInput.class, action::run);
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
        assertEquals(before, DirSnapshot.of(dir), "the certificate directory changed");
    }

    private void write(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content);
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }

    @Test
    void generatesEverythingThenReusesIt() {
        List<Ensured> first = ensureAll();
        assertEquals(Pki.selections().subList(1, Pki.selections().size()), first.stream().map(Ensured::name).toList());
        assertTrue(first.stream().allMatch(Ensured::created));
        assertTrue(infos.contains("Generating \"apiserver\" certificate and key"));
        assertTrue(infos.contains("apiserver serving cert is signed for DNS names [kubernetes kubernetes.default "
                + "kubernetes.default.svc kubernetes.default.svc.cluster.local node1] and IPs [10.96.0.1 192.168.0.101]"));
        assertTrue(infos.contains("Generating \"sa\" key and public key"));

        DirSnapshot generated = DirSnapshot.of(dir);
        infos.clear();
        List<Ensured> second = ensureAll();
        assertTrue(second.stream().noneMatch(Ensured::created));
        assertEquals(generated, DirSnapshot.of(dir));
        assertTrue(infos.contains("Using existing ca certificate authority"));
        assertTrue(infos.contains("Using existing etcd/ca certificate authority"));
        assertTrue(infos.contains("Using existing etcd/server certificate and key on disk"));
        assertTrue(infos.contains("Using the existing \"sa\" key"));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void certificatesMatchTheSpec() throws IOException {
        PkiSettings s = settings();
        ensureAll();
        for (CertSpec spec : CertSpec.kubeadm()) {
            CertInfo info = CertInfo.parse(read(spec.certFile()));
            assertEquals(spec.commonName().apply(s), info.commonName(), spec.name());
            assertEquals(spec.organizations().apply(s), info.organizations(), spec.name());
            assertEquals(spec.usages(), info.extKeyUsages(), spec.name());
            assertEquals(spec.altNames().apply(s), info.altNames(), spec.name());
            assertEquals(spec.isCa(), info.isCa(), spec.name());
            assertEquals(START.minus(Duration.ofMinutes(5)), info.notBefore(), spec.name());
            assertEquals(START.plus(spec.isCa() ? Duration.ofHours(87600) : Duration.ofHours(8760)), info.notAfter());
            String issuer = spec.caName().map(ca -> CertSpec.named(ca).orElseThrow().commonName().apply(s))
                    .orElse(info.commonName());
            assertEquals(issuer, info.issuerCommonName(), spec.name());
            assertTrue(info.serialNumber().signum() > 0);
            assertTrue(CertificateAuthority.keyMatches(read(spec.certFile()), read(spec.keyFile())), spec.name());
            assertTrue(read(spec.keyFile()).startsWith("-----BEGIN EC PRIVATE KEY-----\n"), spec.name());
        }
        assertTrue(read("sa.pub").startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }

    @Test
    void rsaKeysArePkcs1() throws IOException {
        pki(issuing(settings(), i -> i.withEncryptionAlgorithm(EncryptionAlgorithm.RSA_2048))).ensure("ca");
        assertTrue(read("ca.key").startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
        assertEquals(List.of(Ensured.reused("ca")),
                pki(issuing(settings(), i -> i.withEncryptionAlgorithm(EncryptionAlgorithm.RSA_2048))).ensure("ca"));
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsNamedAndNothingIsWritten() throws IOException {
        ensureAll();
        Files.delete(dir.resolve("apiserver.crt"));
        Files.delete(dir.resolve("apiserver.key"));
        write("etcd/peer.key", read("etcd/server.key"));
        assertInvalidAndUnchanged(dir.resolve("etcd/peer.key") + " does not match the public key of "
                + dir.resolve("etcd/peer.crt"), this::ensureAll);
        assertFalse(Files.exists(dir.resolve("apiserver.crt")), "apiserver was generated before the error");
    }

    @Test
    void aCaKeyThatDoesNotMatchIsNamed() throws IOException {
        ensureAll();
        write("ca.key", read("front-proxy-ca.key"));
        assertInvalidAndUnchanged(dir.resolve("ca.key") + " does not match", this::ensureAll);
    }

    @Test
    void anExpiredCaIsRejected() {
        pki(caCertificateValidity(settings(), Duration.ofHours(1))).ensure("all");
        PkiSettings later = issuing(settings(), i -> i.withClock(Clock.fixed(START.plus(Duration.ofHours(2)), ZoneOffset.UTC)));
        assertInvalidAndUnchanged("the ca certificate authority expired on", () -> pki(later).ensure("all"));
    }

    @Test
    void anExpiredLeafIsKeptWithAWarning() {
        pki(certificateValidity(settings(), Duration.ofHours(1))).ensure("all");
        DirSnapshot before = DirSnapshot.of(dir);
        PkiSettings later = issuing(settings(), i -> i.withClock(Clock.fixed(START.plus(Duration.ofHours(2)), ZoneOffset.UTC)));
        pki(later).ensure("all");
        assertEquals(before, DirSnapshot.of(dir));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("apiserver.crt expired on")
                && w.contains("kboot certs renew apiserver")), warnings.toString());
    }

    @Test
    void missingSansAreReportedNotReplaced() {
        ensureAll();
        PkiSettings wider = apiServerSans(settings(), List.of("api.example.com", "10.0.0.9"));
        assertInvalidAndUnchanged(dir.resolve("apiserver.crt") + " lacks SANs the settings require: "
                + "DNS:api.example.com, IP:10.0.0.9", () -> pki(wider).ensure("all"));
    }

    @Test
    void invalidSanEntriesAreWarnedAbout() {
        pki(apiServerSans(settings(), List.of("bad_name"))).ensure("all");
        assertTrue(warnings.contains("'bad_name' was not added to the 'apiserver' SAN, because it is not a valid IP "
                + "or RFC-1123 compliant DNS entry"), warnings.toString());
    }

    @Test
    void externalCaModeReusesLeavesAndRefusesToCreateThem() throws IOException {
        ensureAll();
        Files.delete(dir.resolve("ca.key"));
        infos.clear();
        ensureAll();
        assertTrue(infos.stream().anyMatch(i -> i.startsWith("External CA mode: using existing ca certificate authority")),
                infos.toString());
        Files.delete(dir.resolve("apiserver.crt"));
        Files.delete(dir.resolve("apiserver.key"));
        assertInvalidAndUnchanged("the ca certificate authority is external", this::ensureAll);
        // Other CAs still sign: front-proxy-client can be recreated.
        Files.delete(dir.resolve("front-proxy-client.crt"));
        Files.delete(dir.resolve("front-proxy-client.key"));
        assertEquals(List.of(Ensured.created("front-proxy-client")),
                pki(settings()).ensure("front-proxy-client"));
    }

    @Test
    void aLeafNotSignedByItsCaIsRejected() throws IOException {
        ensureAll();
        write("front-proxy-client.crt", read("apiserver-kubelet-client.crt"));
        write("front-proxy-client.key", read("apiserver-kubelet-client.key"));
        assertInvalidAndUnchanged(dir.resolve("front-proxy-client.crt") + " is not signed by the front-proxy-ca",
                this::ensureAll);
    }

    @Test
    void leavesLeftBehindByADeletedCaAreRejected() throws IOException {
        ensureAll();
        Files.delete(dir.resolve("etcd/ca.crt"));
        Files.delete(dir.resolve("etcd/ca.key"));
        assertInvalidAndUnchanged(dir.resolve("etcd/server.crt") + " exists but its certificate authority "
                + dir.resolve("etcd/ca.crt") + " does not", this::ensureAll);
    }

    @Test
    void halfPairsAreRejected() throws IOException {
        ensureAll();
        Files.delete(dir.resolve("apiserver.key"));
        assertInvalidAndUnchanged(dir.resolve("apiserver.crt") + " exists but " + dir.resolve("apiserver.key")
                + " does not", this::ensureAll);
        Files.delete(dir.resolve("apiserver.crt"));
        Files.delete(dir.resolve("ca.crt"));
        assertInvalidAndUnchanged(dir.resolve("ca.key") + " exists but " + dir.resolve("ca.crt"), this::ensureAll);
    }

    @Test
    void aSingleLeafNeedsItsCa() {
        assertInvalidAndUnchanged("create the ca certificate authority first",
                () -> pki(settings()).ensure("apiserver"));
        pki(settings()).ensure("ca");
        assertEquals(List.of(Ensured.created("apiserver")), pki(settings()).ensure("apiserver"));
    }

    @Test
    void unknownSelectionsListTheValidOnes() {
        assertInvalidAndUnchanged("unknown certificate \"apiserverr\": valid names are all, ca, apiserver,",
                () -> pki(settings()).ensure("apiserverr"));
    }

    @Test
    void garbageFilesAreNamed() throws IOException {
        ensureAll();
        write("apiserver.crt", "not a certificate");
        assertInvalidAndUnchanged(dir.resolve("apiserver.crt") + ": no CERTIFICATE PEM block found", this::ensureAll);
        write("apiserver.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertInvalidAndUnchanged(dir.resolve("apiserver.crt") + ": malformed certificate", this::ensureAll);
    }

    @Test
    void encryptedKeysAreRefusedAndKeyMaterialIsNeverQuoted() throws IOException {
        ensureAll();
        String original = read("apiserver.key");
        String encrypted = original.replace("-----BEGIN EC PRIVATE KEY-----\n",
                "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n");
        write("apiserver.key", encrypted);
        assertInvalidAndUnchanged("encrypted private keys are not supported", this::ensureAll);
        write("apiserver.key", original.replace("MHcCAQEE", "MHcCAQEF"));
        var e = assertThrows(KbootException.InvalidInput.class, this::ensureAll);
        String body = original.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(e.getMessage().contains(body.substring(10, 30)), e.getMessage());
    }

    @Test
    void pkcs8AndSec1WithParametersAreRead() throws IOException {
        ensureAll();
        KeyPair ca = Pem.readKeyPair(Files.readAllBytes(dir.resolve("ca.key")));
        // Java's own PKCS#8 encoding, without the public key inside.
        write("ca.key", Pem.encode("PRIVATE KEY", ca.getPrivate().getEncoded()));
        KeyPair etcd = Pem.readKeyPair(Files.readAllBytes(dir.resolve("etcd/ca.key")));
        // What `openssl ecparam -genkey` writes: an EC PARAMETERS block first.
        write("etcd/ca.key", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + Pem.privateKey(etcd));
        List<Ensured> again = ensureAll();
        assertTrue(again.stream().noneMatch(Ensured::created));
    }

    @Test
    void aSec1KeyCarryingAnotherKeysPublicPointIsRejected() throws Exception {
        ensureAll();
        KeyPair mine = Pem.readKeyPair(Files.readAllBytes(dir.resolve("front-proxy-client.key")));
        KeyPair other = Keys.generate(EncryptionAlgorithm.ECDSA_P256);
        var spki = SubjectPublicKeyInfo.getInstance(other.getPublic().getEncoded());
        var forged = new ECPrivateKey(256,
                // two ECPrivateKey types: the JDK's (imported) and BouncyCastle's SEC1 structure
                ((java.security.interfaces.ECPrivateKey) mine.getPrivate()).getS(),
                new DERBitString(spki.getPublicKeyData().getBytes()),
                spki.getAlgorithm().getParameters());
        write("front-proxy-client.key", Pem.encode(Pem.EC_PRIVATE_KEY, forged.getEncoded()));
        assertInvalidAndUnchanged(dir.resolve("front-proxy-client.key")
                + ": the public key in the EC PRIVATE KEY does not belong to its private key", this::ensureAll);
    }

    @Test
    void serviceAccountKeys() throws IOException {
        ensureAll();
        Files.delete(dir.resolve("sa.pub"));
        pki(settings()).ensure("sa");
        assertTrue(infos.contains("Writing the missing sa.pub from the existing sa.key"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sa.pub"))));
        write("sa.pub", Pem.publicKey(Keys.generate(EncryptionAlgorithm.ECDSA_P256).getPublic()));
        assertInvalidAndUnchanged(dir.resolve("sa.pub") + " does not match " + dir.resolve("sa.key"),
                () -> pki(settings()).ensure("sa"));
        Files.delete(dir.resolve("sa.key"));
        assertInvalidAndUnchanged(dir.resolve("sa.pub") + " exists but " + dir.resolve("sa.key"),
                () -> pki(settings()).ensure("sa"));
    }

    @Test
    void aDryRunWritesNothingAndRecordsEveryFile() {
        DryRunHost host = new DryRunHost(new LocalHost());
        new Pki(host, dir.toString(), settings(), listener).ensure("all");
        assertEquals(DirSnapshot.of(dir).files().size(), 1, "only the temp dir itself");
        List<String> changes = host.changes().stream().map(DryRunHost.Change::describe).toList();
        assertEquals(22, changes.size());
        assertTrue(changes.contains("write " + dir.resolve("ca.key") + " (0600, 227 bytes)"), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.startsWith("write " + dir.resolve("ca.crt") + " (0644, ")));
        assertTrue(changes.stream().anyMatch(c -> c.startsWith("write " + dir.resolve("sa.pub") + " (0600, ")));
        // Later phases see the planned files: a second pass over the dry-run host reuses them.
        assertTrue(new Pki(host, dir.toString(), settings(), listener).ensure("all").stream()
                .noneMatch(Ensured::created));
    }

    @Test
    void secretsStayOutOfToString() throws IOException {
        ensureAll();
        CertAndKey pair = new CertAndKey(read("apiserver.crt"), read("apiserver.key"));
        assertEquals("CertAndKey[kube-apiserver, key <redacted>]", pair.toString());
        String key = new String(Files.readAllBytes(dir.resolve("ca.key")), StandardCharsets.US_ASCII);
        CertificateAuthority ca = CertificateAuthority.load(new LocalHost(), dir.toString(), "ca", START);
        assertFalse(ca.toString().contains(key.substring(40, 60)));
        assertFalse(ca.external());
    }
}
