package io.kboot.token;

import io.kboot.KbootException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that protects the {@code kubeadm-certs} Secret for control-plane joins (kubeadm's
 * copycerts and util/crypto): 32 random bytes shown as 64 hex digits; AES-256-GCM with a random
 * 12-byte nonce, output {@code nonce ‖ ciphertext ‖ tag}, no additional data.
 * {@link #toString()} never shows the key.
 */
public final class CertificateKey {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final byte[] key;

    private CertificateKey(byte[] key) {
        this.key = key.clone();
    }

    public static CertificateKey generate(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new CertificateKey(key);
    }

    /** @throws KbootException.InvalidInput unless 64 hex digits; the value is not echoed */
    public static CertificateKey parse(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
            throw new KbootException.InvalidInput("invalid certificate key (" + (hex == null ? 0 : hex.length())
                    + " characters): expected 64 hex digits, as printed by kinit master --upload-certs");
        }
        return new CertificateKey(HexFormat.of().parseHex(hex));
    }

    /** The 64 hex digits, for the printed join command only. */
    public String reveal() {
        return HexFormat.of().formatHex(key);
    }

    public byte[] encrypt(byte[] plaintext, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher gcm = cipher(Cipher.ENCRYPT_MODE, nonce);
            byte[] sealed = gcm.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * @throws KbootException.InvalidInput if the data was not sealed with this key (wrong
     *     --certificate-key) or was altered
     */
    public byte[] decrypt(byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new KbootException.InvalidInput("encrypted certificate data is too short (" + sealed.length + " bytes)");
        }
        try {
            Cipher gcm = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, NONCE_BYTES));
            return gcm.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KbootException.InvalidInput("cannot decrypt the uploaded certificates: wrong --certificate-key,"
                    + " or the kubeadm-certs Secret was changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return gcm;
    }

    @Override
    public String toString() {
        return "CertificateKey(<redacted>)";
    }
}
