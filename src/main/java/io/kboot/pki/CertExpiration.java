package io.kboot.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of {@code certs check-expiration}: a certificate (a file, or the one embedded in a
 * kubeconfig) or a CA. Empty expiry means the file is missing.
 *
 * @param certificateAuthority the signing CA's name; empty for a CA row
 * @param externallyManaged the CA's key is absent, so kboot cannot renew it
 */
public record CertExpiration(
        String name,
        Optional<Instant> expires,
        Optional<Duration> residual,
        String certificateAuthority,
        boolean externallyManaged) {

    public static CertExpiration of(String name, CertInfo info, Instant now, String ca, boolean external) {
        return new CertExpiration(name, Optional.of(info.notAfter()), Optional.of(info.residual(now)), ca, external);
    }

    public static CertExpiration missing(String name, String ca, boolean external) {
        return new CertExpiration(name, Optional.empty(), Optional.empty(), ca, external);
    }

    public boolean isMissing() {
        return expires.isEmpty();
    }
}
