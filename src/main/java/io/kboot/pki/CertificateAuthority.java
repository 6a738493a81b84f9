package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.host.Host;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CA loaded from the certificate directory: its certificate, and its key unless it is
 * externally managed (kubeadm's "external CA" mode: ca.crt present, ca.key absent). Only a CA
 * with a key can issue.
 */
public final class CertificateAuthority {
    private final String name;
    private final String certPath;
    private final Cert cert;
    private final KeyPair key;
    private final KeyPool keys;

    private CertificateAuthority(String name, String certPath, Cert cert, KeyPair key, KeyPool keys) {
        this.name = name;
        this.certPath = certPath;
        this.cert = cert;
        this.key = key;
        this.keys = keys;
    }

    /** The same CA, issuing with keys from {@code pool}. */
    CertificateAuthority withKeys(KeyPool pool) {
        return new CertificateAuthority(name, certPath, cert, key, pool);
    }

    /**
     * Loads the CA named by kubeadm ("ca", "front-proxy-ca", "etcd-ca") from {@code certDir}.
     * Fails with InvalidInput naming the file if it is missing, not a CA, expired, or its key
     * does not match.
     */
    public static CertificateAuthority load(Host host, String certDir, String caName, Instant now) {
        CertSpec spec = CertSpec.named(caName).filter(CertSpec::isCa)
                .orElseThrow(() -> new KbootException.InvalidInput("unknown certificate authority \"" + caName
                        + "\": valid names are ca, front-proxy-ca, etcd-ca"));
        CertDir dir = new CertDir(host, certDir);
        return inspect(dir, spec, now).orElseThrow(() -> new KbootException.InvalidInput(
                dir.path(spec.certFile()) + " does not exist: create the " + caName + " certificate authority first"));
    }

    /** The CA on disk, checked; empty if neither file exists. */
    static Optional<CertificateAuthority> inspect(CertDir dir, CertSpec spec, Instant now) {
        String certPath = dir.path(spec.certFile());
        String keyPath = dir.path(spec.keyFile());
        Optional<Cert> cert = dir.readCert(spec.certFile());
        Optional<KeyPair> key = dir.readKey(spec.keyFile());
        if (cert.isEmpty()) {
            if (key.isPresent()) {
                throw new KbootException.InvalidInput(keyPath + " exists but " + certPath
                        + " does not: restore the certificate or remove the key");
            }
            return Optional.empty();
        }
        CertInfo info = cert.get().info();
        if (!info.isCa()) {
            throw new KbootException.InvalidInput(certPath + " is not a CA certificate (basic constraints CA:FALSE)");
        }
        if (now.isAfter(info.notAfter())) {
            throw new KbootException.InvalidInput(certPath + ": the " + spec.name()
                    + " certificate authority expired on " + info.notAfter()
                    + "; certificates it signs cannot be trusted any more");
        }
        if (key.isPresent() && !Keys.same(key.get().getPublic(), cert.get().publicKey())) {
            throw new KbootException.InvalidInput(keyPath + " does not match the public key of " + certPath);
        }
        return Optional.of(new CertificateAuthority(spec.name(), certPath, cert.get(), key.orElse(null), null));
    }

    /** A CA just made in memory, not yet written. */
    static CertificateAuthority created(CertSpec spec, CertDir dir, Cert cert, KeyPair key) {
        return new CertificateAuthority(spec.name(), dir.path(spec.certFile()), cert, key, null);
    }

    public String name() {
        return name;
    }

    public String certificatePem() {
        return cert.pem();
    }

    public CertInfo info() {
        return cert.info();
    }

    /** Externally managed: kboot has the certificate but not the key, so it cannot issue. */
    public boolean external() {
        return key == null;
    }

    /** Whether this CA signed the certificate (the first one of the PEM text). */
    public boolean issued(String certificatePem) {
        try {
            return issued(Cert.parse(certificatePem));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Issues one certificate per request, each with a fresh key of the request's type. Keys are
     * generated in parallel; nothing is written.
     */
    public List<CertAndKey> issue(List<CertRequest> requests, Instant start, Duration validity) {
        requireKey();
        List<KeyPair> pairs = generate(requests.stream().map(CertRequest::algorithm).toList());
        List<CertAndKey> issued = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Cert signed = sign(requests.get(i), pairs.get(i).getPublic(), start, validity);
            issued.add(new CertAndKey(signed.pem(), Pem.privateKey(pairs.get(i))));
        }
        return issued;
    }

    /** Prefetched keys when every request wants the same type (the init workflow), else fresh ones. */
    private List<KeyPair> generate(List<EncryptionAlgorithm> algorithms) {
        if (keys != null && !algorithms.isEmpty() && algorithms.stream().distinct().count() == 1) {
            return keys.take(algorithms.get(0), algorithms.size());
        }
        return Keys.generate(algorithms);
    }

    /** Whether the key in {@code privateKeyPem} is the one of {@code certificatePem}. */
    public static boolean keyMatches(String certificatePem, String privateKeyPem) {
        PublicKey certKey = Cert.parse(certificatePem).publicKey();
        KeyPair pair = Pem.readKeyPair(privateKeyPem.getBytes(StandardCharsets.US_ASCII));
        return Keys.same(certKey, pair.getPublic());
    }

    boolean issued(Cert certificate) {
        return certificate.signedBy(cert.publicKey());
    }

    Cert cert() {
        return cert;
    }

    String certPath() {
        return certPath;
    }

    Cert sign(CertRequest request, PublicKey subjectKey, Instant start, Duration validity) {
        requireKey();
        return Signing.issue(request, subjectKey, cert, key.getPrivate(), start, validity);
    }

    private void requireKey() {
        if (key == null) {
            throw new KbootException.InvalidInput("the " + name + " certificate authority is external ("
                    + certPath + " without its key): kboot cannot sign with it");
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + name + (external() ? ", external" : "") + "]";
    }
}
