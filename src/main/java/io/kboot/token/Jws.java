package io.kboot.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The detached JWS that signs {@code cluster-info} (cluster-bootstrap's token/jws package): HS256
 * keyed by the token's secret, key id = token id, header bytes exactly
 * {@code {"alg":"HS256","kid":"<id>"}}, payload left out of the compact form ("header..signature").
 */
public final class Jws {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Jws() {}

    /** The detached signature of {@code content} under token {@code id} with key {@code secret}. */
    public static String sign(String content, String id, String secret) {
        String header = B64URL.encodeToString(("{\"alg\":\"HS256\",\"kid\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + B64URL.encodeToString(content.getBytes(StandardCharsets.UTF_8));
        byte[] mac = hmacSha256(secret.getBytes(StandardCharsets.UTF_8), signingInput.getBytes(StandardCharsets.US_ASCII));
        return header + ".." + B64URL.encodeToString(mac);
    }

    public static String sign(String content, BootstrapToken token) {
        return sign(content, token.id(), token.secret());
    }

    /**
     * Whether {@code detached} is the signature of {@code content} under the token: recomputed and
     * compared in constant time, as DetachedTokenIsValid does.
     */
    public static boolean verify(String detached, String content, String id, String secret) {
        byte[] expected = sign(content, id, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, detached.getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean verify(String detached, String content, BootstrapToken token) {
        return verify(detached, content, token.id(), token.secret());
    }

    /**
     * HMAC-SHA256 (RFC 2104) over the JDK's SHA-256. Written out because javax.crypto refuses an
     * empty key, and cluster-bootstrap's vectors include one.
     */
    static byte[] hmacSha256(byte[] key, byte[] message) {
        MessageDigest sha256 = sha256();
        byte[] block = new byte[64];
        byte[] k = key.length > block.length ? sha256.digest(key) : key;
        System.arraycopy(k, 0, block, 0, k.length);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        sha256.update(inner);
        byte[] innerHash = sha256.digest(message);
        sha256.update(outer);
        return sha256.digest(innerHash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
