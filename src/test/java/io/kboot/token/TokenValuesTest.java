package io.kboot.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TokenValuesTest {
    @Test
    void tokenParsesAndNeverPrintsItsSecret() {
        BootstrapToken token = BootstrapToken.parse("abcdef.0123456789abcdef");
        assertEquals("abcdef", token.id());
        assertEquals("abcdef.<redacted>", token.toString());
        assertFalse(token.toString().contains("0123456789abcdef"));
        assertEquals("abcdef.0123456789abcdef", token.reveal());
    }

    @Test
    void malformedTokensAreRejectedWithoutEchoingThem() {
        for (String bad : new String[] {"zz9", "QWERTY.9876543210qwerty", "qwerty.9876543210qwert", "qwerty9876543210qwerty",
            ""}) {
            KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class, () -> BootstrapToken.parse(bad));
            assertTrue(e.getMessage().contains("[a-z0-9]{6}.[a-z0-9]{16}"), e.getMessage());
            if (!bad.isEmpty()) {
                assertFalse(e.getMessage().contains(bad), "the value may be a mistyped secret: " + e.getMessage());
            }
        }
    }

    @Test
    void generatedTokensHaveKubeadmsShape() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            assertTrue(BootstrapToken.generate(random).reveal().matches("[a-z0-9]{6}\\.[a-z0-9]{16}"));
        }
    }

    @Test
    void caHashes() {
        String hex = "3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a";
        assertEquals("sha256:" + hex, CaCertHash.parse("sha256:" + hex).toString());
        assertEquals("sha256:" + hex, CaCertHash.parse("SHA256:" + hex.toUpperCase()).toString());
        assertEquals("invalid CA certificate hash \"sha256:00\": expected 64 hex digits after sha256:, got 2 characters",
                assertThrows(KbootException.InvalidInput.class, () -> CaCertHash.parse("sha256:00")).getMessage());
        assertThrows(KbootException.InvalidInput.class, () -> CaCertHash.parse("md5:" + hex));
        assertThrows(KbootException.InvalidInput.class, () -> CaCertHash.parse(hex));
    }
}
