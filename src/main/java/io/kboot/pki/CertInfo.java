package io.kboot.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a certificate says, read without BouncyCastle types so any package can look at one. */
public record CertInfo(
        String commonName,
        List<String> organizations,
        String issuerCommonName,
        BigInteger serialNumber,
        Instant notBefore,
        Instant notAfter,
        boolean isCa,
        Set<ExtKeyUsage> extKeyUsages,
        AltNames altNames,
        PublicKey publicKey) {

    public CertInfo {
        organizations = List.copyOf(organizations);
        extKeyUsages = Set.copyOf(extKeyUsages);
    }

    /**
     * The first certificate of a PEM text.
     *
     * @throws IllegalArgumentException if there is none or it is malformed (callers name the file)
     */
    public static CertInfo parse(String pem) {
        return Cert.parse(pem).info();
    }

    public boolean validAt(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }

    public Duration residual(Instant now) {
        return Duration.between(now, notAfter);
    }

    /** The key type, if kboot could make one like it (used to renew with the same type). */
    public Optional<EncryptionAlgorithm> keyAlgorithm() {
        return EncryptionAlgorithm.of(publicKey);
    }
}
