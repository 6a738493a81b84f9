package io.kboot.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionKeyTest {
    @TempDir
    Path dir;

    @Test
    void hexAsOpensslWritesItAndRawBytesAreKeys() throws Exception {
        String hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        Path text = Files.writeString(dir.resolve("hex.key"), hex + "\n");
        Path raw = Files.write(dir.resolve("raw.key"), HexFormat.of().parseHex(hex));
        assertEquals(EncryptionKey.read(text).secretKey(), EncryptionKey.read(raw).secretKey());
    }

    @Test
    void anythingElseIsBadInputThatNeverRepeatsTheContent() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "s3cr3t-passphrase");
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class, () -> EncryptionKey.read(shortKey));
        assertTrue(e.getMessage().contains("17 bytes") && e.getMessage().contains("openssl rand -hex 32"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        KbootException.InvalidInput missing =
                assertThrows(KbootException.InvalidInput.class, () -> EncryptionKey.read(dir.resolve("none.key")));
        assertTrue(missing.getMessage().contains("none.key") && missing.getMessage().contains("cannot read"),
                missing.getMessage());
    }

    @Test
    void itsStringNamesTheFileOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("k"), "ab".repeat(32));
        assertEquals("EncryptionKey[" + file + "]", EncryptionKey.read(file).toString());
    }
}
