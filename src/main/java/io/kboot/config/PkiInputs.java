package io.kboot.config;

import java.time.Duration;

/**
 * Where the node's credentials go and how they are made: the certificate and kubeconfig
 * directories (kubeadm's certificatesDir and --kubeconfig-dir), the key algorithm, both validity
 * periods and the extra SANs.
 */
public record PkiInputs(String certificatesDir, String kubeconfigDir, String encryptionAlgorithm, Duration certificateValidity,
        Duration caCertificateValidity, CertSans sans) {

    /** The same inputs with the credentials written elsewhere. */
    public PkiInputs withDirectories(String certificates, String kubeconfigs) {
        return new PkiInputs(certificates, kubeconfigs, encryptionAlgorithm, certificateValidity, caCertificateValidity, sans);
    }
}
