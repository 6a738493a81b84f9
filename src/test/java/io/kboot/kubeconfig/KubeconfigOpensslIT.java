package io.kboot.kubeconfig;

import static io.kboot.pki.PkiSettingsFixtures.issuing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.LocalHost;
import io.kboot.pki.EncryptionAlgorithm;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiSettings;
import io.kboot.pki.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The certificates embedded in kubeconfigs, decoded and checked with the real openssl CLI. */
class KubeconfigOpensslIT {
    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(value = EncryptionAlgorithm.class, names = {"RSA_2048", "ECDSA_P256"})
    void embeddedCertificatesChainToTheClusterCa(EncryptionAlgorithm algorithm) throws IOException {
        String openssl = Tools.require("openssl");
        PkiSettings settings = issuing(PkiSettings.defaults("node1", "192.168.0.101"), i -> i.withEncryptionAlgorithm(algorithm));
        Pki pki = new Pki(new LocalHost(), root.resolve("pki").toString(), settings, PkiListener.silent());
        pki.ensure("all");
        new Kubeconfigs(new LocalHost(), root.toString(), pki, KubeconfigSettings.from(settings, 6443),
                PkiListener.silent()).ensure("all");

        for (KubeconfigSpec spec : KubeconfigSpec.kubeadm()) {
            Kubeconfig config = Kubeconfig.parse(Files.readAllBytes(root.resolve(spec.fileName())));
            Path crt = root.resolve(spec.name() + ".crt");
            Path key = root.resolve(spec.name() + ".key");
            Files.writeString(crt, config.clientCertificatePem().orElseThrow());
            Files.writeString(key, config.clientKeyPem().orElseThrow());
            assertEquals(Files.readString(root.resolve("pki/ca.crt")), config.certificateAuthorityPem().orElseThrow());

            assertEquals(crt + ": OK\n", Tools.ok(root, openssl, "verify", "-x509_strict", "-purpose", "sslclient",
                    "-CAfile", "pki/ca.crt", crt.toString()), spec.fileName());
            String user = spec.user().apply(KubeconfigSettings.from(settings, 6443));
            String subject = spec.organizations().stream().map(o -> "O = " + o + ", ").reduce("", String::concat)
                    + "CN = " + user;
            assertEquals("subject=" + subject + "\n",
                    Tools.ok(root, openssl, "x509", "-in", crt.toString(), "-noout", "-subject"), spec.fileName());
            String eku = Tools.ok(root, openssl, "x509", "-in", crt.toString(), "-noout", "-ext", "extendedKeyUsage");
            assertTrue(eku.contains("TLS Web Client Authentication") && !eku.contains("Server"), eku);
            assertEquals(Tools.ok(root, openssl, "x509", "-in", crt.toString(), "-noout", "-pubkey"),
                    Tools.ok(root, openssl, "pkey", "-in", key.toString(), "-pubout"), spec.fileName());
        }
    }
}
