package io.kboot.pki;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What a CA is asked to sign: subject, SANs, extended key usages, and the key type to make. */
public record CertRequest(
        String commonName,
        List<String> organizations,
        Set<ExtKeyUsage> usages,
        AltNames altNames,
        EncryptionAlgorithm algorithm) {

    public CertRequest {
        Objects.requireNonNull(commonName, "commonName");
        organizations = List.copyOf(organizations);
        usages = Set.copyOf(usages);
        Objects.requireNonNull(altNames, "altNames");
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** A client certificate (kubeconfig users): ClientAuth only, no SANs. */
    public static CertRequest client(String commonName, List<String> organizations, EncryptionAlgorithm algorithm) {
        return new CertRequest(commonName, organizations, Set.of(ExtKeyUsage.CLIENT_AUTH), AltNames.none(), algorithm);
    }

    /** The same subject, SANs and usages with a fresh key: kubeadm's renewal (certToConfig). */
    public static CertRequest renewalOf(CertInfo existing, EncryptionAlgorithm algorithm) {
        return new CertRequest(existing.commonName(), existing.organizations(), existing.extKeyUsages(),
                existing.altNames(), algorithm);
    }
}
