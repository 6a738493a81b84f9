package io.kboot.reset;

import io.kboot.KbootException;
import io.kboot.config.Defaults;
import io.kboot.hostprep.HostPaths;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reset needs beyond the node: where its files are rooted ({@link HostPaths}: "/" except in
 * tests) and the certificate directory, kubeadm reset's {@code --cert-dir}. Checked once, so a bad
 * value fails before any host is opened.
 */
public record ResetSettings(HostPaths paths, String certificatesDir) {
    public static final ResetSettings DEFAULTS = new ResetSettings(HostPaths.SYSTEM, Defaults.CERTIFICATES_DIR);

    public ResetSettings {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(certificatesDir, "certificatesDir");
        String normalized = certificatesDir.length() > 1 && certificatesDir.endsWith("/")
                ? certificatesDir.substring(0, certificatesDir.length() - 1) : certificatesDir;
        Optional<String> problem = Removable.problem(normalized);
        if (problem.isPresent()) {
            throw new KbootException.InvalidInput("--cert-dir " + certificatesDir + ": " + problem.get());
        }
        certificatesDir = normalized;
    }

    /** Whether the certificates live where kubeadm puts them, so the directory itself is Kubernetes' to delete. */
    public boolean defaultCertificatesDir() {
        return certificatesDir.equals(Defaults.CERTIFICATES_DIR);
    }
}
