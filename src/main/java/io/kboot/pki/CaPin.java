package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.token.CaCertHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Computes and checks CA public-key pins, the value of {@code --discovery-token-ca-cert-hash}
 * ({@link CaCertHash}): "sha256:" and the lowercase hex SHA-256 of the CA certificate's DER
 * SubjectPublicKeyInfo (kubeadm pubkeypin.go, RFC 7469 style). Pinning the key, not the
 * certificate, keeps the pin valid across CA re-issues.
 */
public final class CaPin {
    private CaPin() {}

    /** The pin of the first certificate in a PEM text. */
    public static CaCertHash of(String certificatePem) {
        Cert cert;
        try {
            cert = Cert.parse(certificatePem.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput("cannot compute a CA pin: " + e.getMessage());
        }
        return ofSubjectPublicKeyInfo(cert.subjectPublicKeyInfoDer());
    }

    static CaCertHash ofSubjectPublicKeyInfo(byte[] der) {
        try {
            return new CaCertHash(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Whether any certificate in a PEM text (a CA bundle) has the pin, as kubeadm's CheckAny. */
    public static boolean matchesAny(CaCertHash pin, String certificatesPem) {
        List<byte[]> ders;
        try {
            ders = Pem.readCertificates(certificatesPem.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (byte[] der : ders) {
            try {
                if (of(Pem.certificate(der)).equals(pin)) {
                    return true;
                }
            } catch (KbootException.InvalidInput e) {
                // Not a certificate we can read: it cannot match.
            }
        }
        return false;
    }
}
