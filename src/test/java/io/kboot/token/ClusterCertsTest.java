package io.kboot.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterCertsTest {
    private final SecureRandom random = new SecureRandom();
    private final CertificateKey key = CertificateKey.generate(random);

    private static String pem(String path) {
        if (path.endsWith(".key")) {
            return "-----BEGIN " + (path.startsWith("sa") ? "RSA " : "") + "PRIVATE KEY-----\n" + path
                    + "\n-----END PRIVATE KEY-----\n";
        }
        if (path.equals("sa.pub")) {
            return "-----BEGIN PUBLIC KEY-----\nsa\n-----END PUBLIC KEY-----\n";
        }
        return "-----BEGIN CERTIFICATE-----\n" + path + "\n-----END CERTIFICATE-----\n";
    }

    /** The Secret's data as kinit master --upload-certs (and kubeadm) stores it. */
    private ObjectNode secretData(List<String> files) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (String file : files) {
            data.put(ClusterCerts.secretKey(file),
                    Base64.getEncoder().encodeToString(key.encrypt(pem(file).getBytes(StandardCharsets.UTF_8), random)));
        }
        return data;
    }

    @Test
    void theSecretKeysAreKubeadms() {
        assertEquals(List.of("ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub", "etcd-ca.crt",
                "etcd-ca.key"), ClusterCerts.FILES.stream().map(ClusterCerts::secretKey).toList());
    }

    @Test
    void decryptsEveryFileWithKubeadmsModes() {
        List<ClusterCerts.File> files = ClusterCerts.decrypt(secretData(ClusterCerts.FILES), CertificateKey.parse(key.reveal()));
        assertEquals(ClusterCerts.FILES, files.stream().map(ClusterCerts.File::path).toList());
        for (ClusterCerts.File f : files) {
            assertArrayEquals(pem(f.path()).getBytes(StandardCharsets.UTF_8), f.content(), f.path());
            assertEquals(f.path().endsWith(".key"), f.privateKey(), f.path() + ": keys 0600, certificates and sa.pub 0644");
        }
        assertFalse(files.get(0).toString().contains("BEGIN"), "toString shows no content");
    }

    @Test
    void emptyValuesAreLeftOutAsWithAnExternalCa() {
        ObjectNode data = secretData(List.of("ca.crt", "sa.key", "sa.pub"));
        data.put("ca.key", "");
        assertEquals(List.of("ca.crt", "sa.key", "sa.pub"),
                ClusterCerts.decrypt(data, key).stream().map(ClusterCerts.File::path).toList());
    }

    @Test
    void aWrongKeyFailsAsBadInputAndReturnsNothing() {
        var e = assertThrows(KbootException.InvalidInput.class,
                () -> ClusterCerts.decrypt(secretData(ClusterCerts.FILES), CertificateKey.generate(random)));
        assertTrue(e.getMessage().contains("wrong --certificate-key"), e.getMessage());
    }

    @Test
    void aSecretWithoutTheCaIsRefused() {
        var e = assertThrows(KbootException.StepFailed.class, () -> ClusterCerts.decrypt(secretData(List.of("sa.key")), key));
        assertTrue(e.getMessage().contains("holds no ca.crt"), e.getMessage());
    }
}
