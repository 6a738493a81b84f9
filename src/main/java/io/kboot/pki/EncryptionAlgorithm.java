package io.kboot.pki;

import io.kboot.KbootException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The key type of every key kboot makes: CAs, leaves, kubeconfig client certificates and sa.key
 * (kubeadm's ClusterConfiguration.encryptionAlgorithm, one setting for all of them).
 */
public enum EncryptionAlgorithm {
    RSA_2048("RSA-2048", "RSA", 2048),
    RSA_3072("RSA-3072", "RSA", 3072),
    RSA_4096("RSA-4096", "RSA", 4096),
    ECDSA_P256("ECDSA-P256", "EC", 256);

    public static final EncryptionAlgorithm DEFAULT = RSA_2048;

    private final String kubeadmName;
    private final String keyAlgorithm;
    private final int bits;

    EncryptionAlgorithm(String kubeadmName, String keyAlgorithm, int bits) {
        this.kubeadmName = kubeadmName;
        this.keyAlgorithm = keyAlgorithm;
        this.bits = bits;
    }

    /**
     * Parses kubeadm's spelling ("RSA-2048", "ECDSA-P256", ...). Empty means the default, as in
     * kubeadm, where an unset field is RSA-2048.
     */
    public static EncryptionAlgorithm parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        for (EncryptionAlgorithm algorithm : values()) {
            if (algorithm.kubeadmName.equals(value.strip())) {
                return algorithm;
            }
        }
        throw new KbootException.InvalidInput("unknown encryption algorithm \"" + value + "\": valid values are "
                + Arrays.stream(values()).map(EncryptionAlgorithm::kubeadmName).collect(Collectors.joining(", ")));
    }

    /** The algorithm of an existing key, if it is one kboot can make. */
    public static Optional<EncryptionAlgorithm> of(PublicKey key) {
        int size;
        if (key instanceof RSAPublicKey rsa) {
            size = rsa.getModulus().bitLength();
        } else if (key instanceof ECPublicKey ec) {
            size = ec.getParams().getCurve().getField().getFieldSize();
        } else {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(a -> a.keyAlgorithm.equals(key.getAlgorithm()) && a.bits == size)
                .findFirst();
    }

    public String kubeadmName() {
        return kubeadmName;
    }

    /** The JCA key algorithm: "RSA" or "EC". */
    String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** RSA modulus length or EC field size. */
    int bits() {
        return bits;
    }

    boolean isRsa() {
        return keyAlgorithm.equals("RSA");
    }

    @Override
    public String toString() {
        return kubeadmName;
    }
}
