package io.kboot.host.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** Public keys as OpenSSH shows them: the type name, the base64 blob, the SHA256 fingerprint. */
final class HostKeys {
    private HostKeys() {}

    /** The SSH wire encoding of the key, what known_hosts stores in base64. */
    static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    static String base64(PublicKey key) {
        return Base64.getEncoder().encodeToString(blob(key));
    }

    /** The algorithm name, e.g. {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}. */
    static String type(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }

    /** {@code SHA256:<base64 without padding>}, exactly as {@code ssh-keygen -l} prints it. */
    static String fingerprint(PublicKey key) {
        return fingerprint(blob(key));
    }

    static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The fingerprint of a base64 blob as found in a known_hosts or .pub line. */
    static String fingerprintOfBase64(String base64Blob) {
        return fingerprint(Base64.getDecoder().decode(base64Blob.getBytes(StandardCharsets.US_ASCII)));
    }
}
