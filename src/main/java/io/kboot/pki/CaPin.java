package io.kboot.pki;

import io.kboot.KbootException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A CA public-key pin, the value of {@code --discovery-token-ca-cert-hash}: "sha256:" and the
 * lowercase hex SHA-256 of the CA certificate's DER SubjectPublicKeyInfo (kubeadm pubkeypin.go,
 * RFC 7469 style). Pinning the key, not the certificate, keeps the pin valid across CA re-issues.
 */
public record CaPin(String sha256Hex) {
    private static final String PREFIX = "sha256";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public CaPin {
        if (sha256Hex == null || !HEX64.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("a CA pin is 64 lowercase hex characters");
        }
    }

    /** The pin of the first certificate in a PEM text. */
    public static CaPin of(String certificatePem) {
        Cert cert;
        try {
            cert = Cert.parse(certificatePem.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput("cannot compute a CA pin: " + e.getMessage());
        }
        return ofSubjectPublicKeyInfo(cert.subjectPublicKeyInfoDer());
    }

    static CaPin ofSubjectPublicKeyInfo(byte[] der) {
        try {
            return new CaPin(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Parses a pin as kubeadm's Allow() does: "&lt;type&gt;:&lt;hex&gt;", the type case-insensitive and
     * only sha256 known, the value exactly 32 bytes of hex in either case.
     */
    public static CaPin parse(String text) {
        if (text == null) {
            throw invalid("", "empty value");
        }
        String[] parts = text.strip().split(":", -1);
        if (parts.length != 2) {
            throw invalid(text, "expected the format \"sha256:<64 hex characters>\"");
        }
        if (!parts[0].toLowerCase(Locale.ROOT).equals(PREFIX)) {
            throw invalid(text, "unknown hash type \"" + parts[0] + "\": only sha256 is supported");
        }
        String hex = parts[1].toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(hex).matches()) {
            throw invalid(text, "the SHA-256 value must be 64 hex characters, got " + parts[1].length()
                    + " characters");
        }
        return new CaPin(hex);
    }

    /** Whether any of the certificates in a PEM text (a CA bundle) has this pin, as kubeadm's CheckAny. */
    public boolean matchesAny(String certificatesPem) {
        List<byte[]> ders;
        try {
            ders = Pem.readCertificates(certificatesPem.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (byte[] der : ders) {
            try {
                if (of(Pem.certificate(der)).equals(this)) {
                    return true;
                }
            } catch (KbootException.InvalidInput e) {
                // Not a certificate we can read: it cannot match.
            }
        }
        return false;
    }

    private static KbootException.InvalidInput invalid(String text, String why) {
        return new KbootException.InvalidInput("invalid CA cert hash \"" + text + "\": " + why);
    }

    @Override
    public String toString() {
        return PREFIX + ":" + sha256Hex;
    }
}
