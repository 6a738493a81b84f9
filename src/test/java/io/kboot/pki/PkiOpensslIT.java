package io.kboot.pki;

import static io.kboot.pki.PkiSettingsFixtures.apiServerSans;
import static io.kboot.pki.PkiSettingsFixtures.cluster;
import static io.kboot.pki.PkiSettingsFixtures.issuing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.LocalHost;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every file of a generated PKI, checked with the real openssl CLI (kubeadm-contracts.md §0, §1). */
class PkiOpensslIT {
    private static final Pattern NOT_BEFORE = Pattern.compile("Not Before: (.+ GMT)");
    private static final Pattern NOT_AFTER = Pattern.compile("Not After : (.+ GMT)");

    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT);

    @TempDir
    Path dir;

    private String openssl;

    @ParameterizedTest
    @EnumSource(value = EncryptionAlgorithm.class, names = {"RSA_2048", "ECDSA_P256"})
    void everyCertificateChecksOut(EncryptionAlgorithm algorithm) throws IOException {
        openssl = Tools.require("openssl");
        PkiSettings base = issuing(PkiSettings.defaults("node1", "192.168.0.101"), i -> i.withEncryptionAlgorithm(algorithm));
        PkiSettings settings = apiServerSans(cluster(base, c -> c.withControlPlaneEndpoint(Optional.of(
                ControlPlaneEndpoint.parse("k8s.example.com:6443")))), List.of("10.0.0.9", "fd00::9"));
        Instant before = Instant.now();
        new Pki(new LocalHost(), dir.toString(), settings, PkiListener.silent()).ensure("all");
        Instant after = Instant.now();

        for (CertSpec spec : CertSpec.kubeadm()) {
            String crt = spec.certFile();
            String key = spec.keyFile();
            String caCrt = spec.caName().map(ca -> CertSpec.named(ca).orElseThrow().certFile()).orElse(crt);
            String name = spec.name();

            assertEquals(crt + ": OK\n", Tools.ok(dir, openssl, "verify", "-x509_strict", "-CAfile", caCrt, crt), name);

            String text = Tools.ok(dir, openssl, "x509", "-in", crt, "-noout", "-text");
            String cn = spec.commonName().apply(settings);
            String subject =
                    spec.organizations().apply(settings).stream().map(o -> "O = " + o + ", ").collect(Collectors.joining())
                            + "CN = " + cn;
            assertTrue(text.contains("        Subject: " + subject + "\n"), name + ":\n" + text);
            String issuer = spec.caName().map(ca -> CertSpec.named(ca).orElseThrow().commonName().apply(settings))
                    .orElse(cn);
            assertTrue(text.contains("        Issuer: CN = " + issuer + "\n"), name);
            assertTrue(text.contains("Signature Algorithm: "
                    + (algorithm == EncryptionAlgorithm.ECDSA_P256 ? "ecdsa-with-SHA256" : "sha256WithRSAEncryption")), name);
            assertTrue(text.contains(algorithm == EncryptionAlgorithm.ECDSA_P256 ? "NIST CURVE: P-256"
                    : "Public-Key: (2048 bit)"), name);

            assertEquals(spec.isCa() ? "Digital Signature, Key Encipherment, Certificate Sign"
                    : "Digital Signature, Key Encipherment", extension(text, "X509v3 Key Usage: critical"), name);
            assertEquals(spec.isCa() ? "CA:TRUE" : "CA:FALSE", extension(text, "X509v3 Basic Constraints: critical"), name);
            if (spec.usages().isEmpty()) {
                assertFalse(text.contains("Extended Key Usage"), name);
            } else {
                assertEquals(spec.usages().stream().sorted().map(ExtKeyUsage::opensslName)
                        .collect(Collectors.joining(", ")), extension(text, "X509v3 Extended Key Usage: "), name);
            }
            AltNames sans = spec.altNames().apply(settings);
            if (sans.isEmpty()) {
                assertFalse(text.contains("Subject Alternative Name"), name);
            } else {
                assertEquals(opensslSans(sans), extension(text, "X509v3 Subject Alternative Name: "), name);
            }
            if (spec.isCa()) {
                assertNotNull(extension(text, "X509v3 Subject Key Identifier: "), name);
                assertFalse(text.contains("Authority Key Identifier"), name);
            } else {
                String caText = Tools.ok(dir, openssl, "x509", "-in", caCrt, "-noout", "-ext", "subjectKeyIdentifier");
                String caSki = caText.lines().skip(1).findFirst().orElseThrow().strip();
                assertEquals(caSki, extension(text, "X509v3 Authority Key Identifier: ").replace("keyid:", ""), name);
                assertFalse(text.contains("Subject Key Identifier"), name);
            }

            Instant notBefore = opensslTime(NOT_BEFORE, text);
            Instant notAfter = opensslTime(NOT_AFTER, text);
            Duration validity = spec.isCa() ? Duration.ofDays(3650) : Duration.ofDays(365);
            assertBetween(before.minus(Duration.ofMinutes(5)), after.minus(Duration.ofMinutes(5)), notBefore, name);
            assertBetween(before.plus(validity), after.plus(validity), notAfter, name);

            BigInteger serial = new BigInteger(Tools.ok(dir, openssl, "x509", "-in", crt, "-noout", "-serial")
                    .strip().substring("serial=".length()), 16);
            assertTrue(serial.signum() > 0 && serial.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) < 0, name);

            String keyPem = Files.readString(dir.resolve(key));
            assertTrue(keyPem.startsWith(algorithm == EncryptionAlgorithm.ECDSA_P256
                    ? "-----BEGIN EC PRIVATE KEY-----\n" : "-----BEGIN RSA PRIVATE KEY-----\n"), name);
            Tools.ok(dir, openssl, algorithm == EncryptionAlgorithm.ECDSA_P256 ? "ec" : "rsa", "-in", key, "-check",
                    "-noout");
            assertEquals(Tools.ok(dir, openssl, "x509", "-in", crt, "-noout", "-pubkey"),
                    Tools.ok(dir, openssl, "pkey", "-in", key, "-pubout"), name + ": key does not match certificate");

            assertEquals("rw-r--r--", mode(crt), name);
            assertEquals("rw-------", mode(key), name);
        }

        assertEquals(Tools.ok(dir, openssl, "pkey", "-pubin", "-in", "sa.pub", "-pubout"),
                Tools.ok(dir, openssl, "pkey", "-in", "sa.key", "-pubout"));
        assertTrue(Files.readString(dir.resolve("sa.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals("rw-------", mode("sa.key"));
        assertEquals("rw-------", mode("sa.pub"));

        // The pin is what kubeadm's shell recipe computes.
        String spki = Tools.ok(dir, "sh", "-c", openssl + " x509 -pubkey -noout -in ca.crt | " + openssl
                + " pkey -pubin -outform DER | " + openssl + " dgst -sha256 -hex");
        assertEquals("sha256:" + spki.strip().replaceAll(".*= ", ""),
                CaPin.of(Files.readString(dir.resolve("ca.crt"))).toString());
    }

    private String mode(String file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)));
    }

    /** The line after an extension's header in `openssl x509 -text`. */
    private static String extension(String text, String header) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).strip().equals(header.strip())) {
                return lines.get(i + 1).strip();
            }
        }
        return null;
    }

    /** How OpenSSL 3 prints SANs: DNS names, then IPs with IPv6 in full form. */
    private static String opensslSans(AltNames names) {
        List<String> parts = new ArrayList<>();
        names.dnsNames().forEach(d -> parts.add("DNS:" + d));
        for (InetAddress ip : names.ips()) {
            parts.add("IP Address:" + (ip.getAddress().length == 16 ? ip.getHostAddress().toUpperCase()
                    : ip.getHostAddress()));
        }
        return String.join(", ", parts);
    }

    private static Instant opensslTime(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), text);
        return LocalDateTime.parse(m.group(1), OPENSSL_TIME).toInstant(ZoneOffset.UTC);
    }

    private static void assertBetween(Instant low, Instant high, Instant actual, String what) {
        // openssl prints whole seconds
        assertTrue(!actual.isBefore(low.minusSeconds(1)) && !actual.isAfter(high.plusSeconds(1)),
                what + ": " + actual + " not in [" + low + ", " + high + "]");
    }
}
