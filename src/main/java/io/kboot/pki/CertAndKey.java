package io.kboot.pki;

import java.util.Objects;

/** A certificate and its private key, both PEM. The key never shows in toString. */
public record CertAndKey(String certificatePem, String privateKeyPem) {

    public CertAndKey {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    public CertInfo info() {
        return CertInfo.parse(certificatePem);
    }

    @Override
    public String toString() {
        return "CertAndKey[" + info().commonName() + ", key <redacted>]";
    }
}
