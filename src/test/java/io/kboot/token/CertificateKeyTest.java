package io.kboot.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CertificateKeyTest {
    private final SecureRandom random = new SecureRandom();
    private final byte[] pem =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsAndHasKubeadmsLayout() throws Exception {
        CertificateKey key = CertificateKey.generate(random);
        assertTrue(key.reveal().matches("[0-9a-f]{64}"));
        byte[] sealed = key.encrypt(pem, random);
        assertEquals(12 + pem.length + 16, sealed.length, "nonce(12) ‖ ciphertext ‖ tag(16)");
        assertArrayEquals(pem, CertificateKey.parse(key.reveal()).decrypt(sealed));

        // What Go's gcm.Open(nil, data[:12], data[12:], nil) does, spelled with the JDK directly.
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(HexFormat.of().parseHex(key.reveal()), "AES"),
                new GCMParameterSpec(128, Arrays.copyOf(sealed, 12)));
        assertArrayEquals(pem, gcm.doFinal(sealed, 12, sealed.length - 12));
    }

    @Test
    void aWrongKeyOrAlteredDataFailsCleanly() {
        CertificateKey key = CertificateKey.generate(random);
        byte[] sealed = key.encrypt(pem, random);
        KbootException.InvalidInput wrong = assertThrows(KbootException.InvalidInput.class,
                () -> CertificateKey.generate(random).decrypt(sealed));
        assertEquals("cannot decrypt the uploaded certificates: wrong --certificate-key, or the kubeadm-certs Secret was changed",
                wrong.getMessage());
        sealed[sealed.length - 1] ^= 1;
        assertThrows(KbootException.InvalidInput.class, () -> key.decrypt(sealed));
        assertThrows(KbootException.InvalidInput.class, () -> key.decrypt(new byte[5]));
    }

    @Test
    void theKeyIsNeverPrintedOrEchoed() {
        CertificateKey key = CertificateKey.generate(random);
        assertFalse(key.toString().contains(key.reveal()));
        String bad = "zz" + key.reveal().substring(2);
        String message = assertThrows(KbootException.InvalidInput.class, () -> CertificateKey.parse(bad)).getMessage();
        assertFalse(message.contains(bad.substring(2)), message);
    }
}
