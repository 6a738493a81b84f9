package io.kboot.etcd;

import io.kboot.KbootException;
import io.kboot.config.Echo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key of an encrypted backup ({@code --encrypt-key-file}): 32 bytes, written in the file
 * as 64 hex digits ({@code openssl rand -hex 32 > backup.key}, the form kubeadm's certificate key
 * has) or as the 32 raw bytes. Never printed: {@link #toString()} names only the file.
 */
public final class EncryptionKey {
    static final int BYTES = 32;

    private final byte[] key;
    private final Path file;

    private EncryptionKey(byte[] key, Path file) {
        this.key = key;
        this.file = file;
    }

    /** @throws KbootException.InvalidInput naming the file and what is wrong with it */
    public static EncryptionKey read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KbootException.InvalidInput("--encrypt-key-file " + Echo.quote(file.toString()) + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (content.length == BYTES) {
            return new EncryptionKey(content, file);
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (text.length() == 2 * BYTES && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return new EncryptionKey(HexFormat.of().parseHex(text), file);
        }
        // The content is a secret: its length is all the message says of it.
        throw new KbootException.InvalidInput("--encrypt-key-file " + Echo.quote(file.toString()) + ": holds " + content.length
                + " bytes, not a 256-bit key: 64 hex digits or 32 raw bytes (make one with: openssl rand -hex 32 > "
                + file.getFileName() + ")");
    }

    /** A key from its bytes, for tests and callers that made it themselves. */
    static EncryptionKey of(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + key.length);
        }
        return new EncryptionKey(key.clone(), Path.of("(in memory)"));
    }

    SecretKey secretKey() {
        return new SecretKeySpec(key, "AES");
    }

    Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "EncryptionKey[" + file + "]";
    }
}
