package io.kboot.host.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** Public keys as OpenSSH shows them: the type name, the base64 blob, the SHA256 fingerprint. */
final class HostKeys {
    /** The host certificate algorithms, any of which a CA key may have signed. */
    static final List<String> CERTIFICATE_ALGORITHMS = List.of("ssh-ed25519-cert-v01@openssh.com",
            "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com",
            "ssh-dss-cert-v01@openssh.com");

    private HostKeys() {}

    /**
     * The host key algorithms a server proves a key of this type with, certificates of it
     * included (OpenSSH compares the plain type of each algorithm with the known key's): an RSA key
     * ("ssh-rsa" in known_hosts) signs with rsa-sha2-512, rsa-sha2-256 or, in old servers, SHA-1.
     */
    static List<String> algorithmsFor(String keyType) {
        if (keyType.equals("ssh-rsa")) {
            return List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "rsa-sha2-512-cert-v01@openssh.com",
                    "rsa-sha2-256-cert-v01@openssh.com",
                    "ssh-rsa-cert-v01@openssh.com");
        }
        return List.of(keyType, keyType + "-cert-v01@openssh.com");
    }

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
