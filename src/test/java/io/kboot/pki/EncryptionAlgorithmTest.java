package io.kboot.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncryptionAlgorithmTest {

    @Test
    void parsesKubeadmSpellings() {
        assertEquals(EncryptionAlgorithm.RSA_2048, EncryptionAlgorithm.parse("RSA-2048"));
        assertEquals(EncryptionAlgorithm.RSA_3072, EncryptionAlgorithm.parse("RSA-3072"));
        assertEquals(EncryptionAlgorithm.RSA_4096, EncryptionAlgorithm.parse("RSA-4096"));
        assertEquals(EncryptionAlgorithm.ECDSA_P256, EncryptionAlgorithm.parse("ECDSA-P256"));
    }

    @Test
    void emptyMeansTheDefaultRsa2048() {
        assertEquals(EncryptionAlgorithm.RSA_2048, EncryptionAlgorithm.parse(""));
        assertEquals(EncryptionAlgorithm.RSA_2048, EncryptionAlgorithm.parse(null));
    }

    @Test
    void unknownNamesAreRejectedWithTheValidOnes() {
        var e = assertThrows(KbootException.InvalidInput.class, () -> EncryptionAlgorithm.parse("RSA-1024"));
        assertEquals("unknown encryption algorithm \"RSA-1024\": valid values are RSA-2048, RSA-3072, RSA-4096, "
                + "ECDSA-P256", e.getMessage());
        // kubeadm's names are case-sensitive
        assertThrows(KbootException.InvalidInput.class, () -> EncryptionAlgorithm.parse("ecdsa-p256"));
    }

    @Test
    void recognisesTheAlgorithmOfAnExistingKey() {
        assertEquals(Optional.of(EncryptionAlgorithm.ECDSA_P256),
                EncryptionAlgorithm.of(Keys.generate(EncryptionAlgorithm.ECDSA_P256).getPublic()));
        assertTrue(EncryptionAlgorithm.of(Keys.generate(EncryptionAlgorithm.RSA_2048).getPublic())
                .filter(a -> a == EncryptionAlgorithm.RSA_2048).isPresent());
    }
}
