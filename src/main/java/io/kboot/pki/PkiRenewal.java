package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.host.Host;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expiration and renewal of the certificate files (kubeadm phases/certs/renewal). Renewal keeps
 * the CA, subject, SANs and usages of the existing certificate and, like kubeadm's FileRenewer
 * (pkiutil.NewCertAndKey), gives it a fresh key; the key type stays the existing one's. CAs are
 * never renewed.
 */
public final class PkiRenewal {
    private final CertDir dir;
    private final Duration validity;
    private final Clock clock;
    private final PkiListener listener;

    public PkiRenewal(Host host, String certDir, Duration validity, Clock clock, PkiListener listener) {
        this.dir = new CertDir(host, certDir);
        this.validity = validity;
        this.clock = clock;
        this.listener = listener;
    }

    /** The renewable certificates: every leaf of kubeadm's list. */
    public static List<String> names() {
        return CertSpec.kubeadm().stream().filter(s -> !s.isCa()).map(CertSpec::name).toList();
    }

    public List<CertExpiration> certificates(Instant now) {
        List<CertExpiration> rows = new ArrayList<>();
        for (CertSpec spec : CertSpec.kubeadm()) {
            if (spec.isCa()) {
                continue;
            }
            String caName = spec.caName().orElseThrow();
            boolean external = external(CertSpec.named(caName).orElseThrow());
            Optional<Cert> cert = dir.readCert(spec.certFile());
            rows.add(cert.isPresent()
                    ? CertExpiration.of(spec.name(), cert.get().info(), now, caName, external)
                    : CertExpiration.missing(spec.name(), caName, external));
        }
        return rows;
    }

    public List<CertExpiration> authorities(Instant now) {
        List<CertExpiration> rows = new ArrayList<>();
        for (CertSpec spec : CertSpec.kubeadm()) {
            if (spec.isCa()) {
                boolean external = external(spec);
                Optional<Cert> cert = dir.readCert(spec.certFile());
                rows.add(cert.isPresent()
                        ? CertExpiration.of(spec.name(), cert.get().info(), now, "", external)
                        : CertExpiration.missing(spec.name(), "", external));
            }
        }
        return rows;
    }

    /**
     * Issues the renewed certificates in memory. A missing certificate is an error when named,
     * skipped when {@code skipMissing} (renew all); one signed by an external CA is skipped with
     * a message, as in kubeadm.
     */
    public PreparedRenewal prepare(List<String> names, boolean skipMissing) {
        Instant start = clock.instant();
        Map<String, CertificateAuthority> cas = new HashMap<>();
        List<CertSpec> specs = new ArrayList<>();
        List<CertRequest> requests = new ArrayList<>();
        for (String name : names) {
            CertSpec spec = CertSpec.named(name).filter(s -> !s.isCa()).orElseThrow(
                    () -> new KbootException.InvalidInput("cannot renew \"" + name + "\": renewable certificates are "
                            + String.join(", ", names())));
            Optional<Cert> cert = dir.readCert(spec.certFile());
            if (cert.isEmpty()) {
                if (skipMissing) {
                    continue;
                }
                throw new KbootException.InvalidInput("cannot renew " + name + ": " + dir.path(spec.certFile())
                        + " does not exist");
            }
            String caName = spec.caName().orElseThrow();
            CertificateAuthority ca = cas.computeIfAbsent(caName, n -> CertificateAuthority.inspect(
                    dir, CertSpec.named(n).orElseThrow(), start).orElseThrow(
                            () -> new KbootException.InvalidInput(
                                    "cannot renew " + name + ": the " + n + " certificate authority does not exist")));
            if (ca.external()) {
                listener.warn("Detected external " + caName + " certificate authority, " + spec.summary()
                        + " can't be renewed");
                continue;
            }
            specs.add(spec);
            requests.add(CertRequest.renewalOf(cert.get().info(), algorithmOf(cert.get().info(), spec.name())));
        }
        List<KeyPair> keys = Keys.generate(requests.stream().map(CertRequest::algorithm).toList());
        List<Cert> signed = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            CertificateAuthority ca = cas.get(specs.get(i).caName().orElseThrow());
            signed.add(ca.sign(requests.get(i), keys.get(i).getPublic(), start, validity));
        }
        return PreparedRenewal.of(specs.stream().map(CertSpec::name).toList(), () -> {
            for (int i = 0; i < specs.size(); i++) {
                CertSpec spec = specs.get(i);
                dir.writeKey(spec.keyFile(), Pem.privateKey(keys.get(i)));
                dir.writeCert(spec.certFile(), signed.get(i).pem());
                listener.info(spec.summary() + " renewed");
            }
        });
    }

    private EncryptionAlgorithm algorithmOf(CertInfo info, String name) {
        return info.keyAlgorithm().orElseGet(() -> {
            listener.warn("the key of " + name + " is of a type kboot does not make; the renewed one is "
                    + EncryptionAlgorithm.DEFAULT);
            return EncryptionAlgorithm.DEFAULT;
        });
    }

    /** kubeadm's external CA test: the certificate without the key. */
    private boolean external(CertSpec ca) {
        return dir.read(ca.certFile()).isPresent() && dir.read(ca.keyFile()).isEmpty();
    }
}
