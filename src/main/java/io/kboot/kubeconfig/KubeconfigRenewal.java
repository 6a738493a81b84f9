package io.kboot.kubeconfig;

import io.kboot.KbootException;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.pki.CertAndKey;
import io.kboot.pki.CertExpiration;
import io.kboot.pki.CertInfo;
import io.kboot.pki.CertRequest;
import io.kboot.pki.CertificateAuthority;
import io.kboot.pki.EncryptionAlgorithm;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PreparedRenewal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Expiration and renewal of the client certificates embedded in kubeconfigs (kubeadm's
 * kubeconfigReadWriter). The file keeps everything but client-certificate-data and
 * client-key-data; kubelet.conf is left to the kubelet's own rotation.
 */
public final class KubeconfigRenewal {
    private final Host host;
    private final String dir;
    private final String certDir;
    private final Duration validity;
    private final Clock clock;
    private final PkiListener listener;

    public KubeconfigRenewal(Host host, String kubeconfigDir, String certDir, Duration validity, Clock clock,
            PkiListener listener) {
        this.host = host;
        this.dir = kubeconfigDir.endsWith("/") && kubeconfigDir.length() > 1
                ? kubeconfigDir.substring(0, kubeconfigDir.length() - 1) : kubeconfigDir;
        this.certDir = certDir;
        this.validity = validity;
        this.clock = clock;
        this.listener = listener;
    }

    /** The file names `certs renew` accepts: admin.conf, super-admin.conf, ... */
    public static List<String> names() {
        return renewable().stream().map(KubeconfigSpec::fileName).toList();
    }

    public List<CertExpiration> certificates(Instant now) {
        boolean external = host.exists(certDir + "/ca.crt") && !host.exists(certDir + "/ca.key");
        List<CertExpiration> rows = new ArrayList<>();
        for (KubeconfigSpec spec : renewable()) {
            Optional<Kubeconfig> config = read(spec);
            Optional<String> cert = config.flatMap(Kubeconfig::clientCertificatePem);
            rows.add(cert.isPresent()
                    ? CertExpiration.of(spec.fileName(), info(spec, cert.get()), now, "ca", external)
                    : CertExpiration.missing(spec.fileName(), "ca", external));
        }
        return rows;
    }

    /** Issues renewed client certificates in memory; see PkiRenewal#prepare for the rules. */
    public PreparedRenewal prepare(List<String> fileNames, boolean skipMissing) {
        Instant start = clock.instant();
        List<KubeconfigSpec> specs = new ArrayList<>();
        List<Kubeconfig> configs = new ArrayList<>();
        List<CertRequest> requests = new ArrayList<>();
        CertificateAuthority ca = null;
        for (String fileName : fileNames) {
            KubeconfigSpec spec = KubeconfigSpec.byFileName(fileName).filter(KubeconfigSpec::renewable).orElseThrow(
                    () -> new KbootException.InvalidInput("cannot renew \"" + fileName + "\": renewable kubeconfigs are "
                            + String.join(", ", names())));
            Optional<Kubeconfig> config = read(spec);
            Optional<String> cert = config.flatMap(Kubeconfig::clientCertificatePem);
            if (cert.isEmpty()) {
                if (skipMissing) {
                    continue;
                }
                throw new KbootException.InvalidInput("cannot renew " + fileName + ": " + path(spec)
                        + (config.isEmpty() ? " does not exist" : " has no embedded client certificate"));
            }
            if (ca == null) {
                ca = CertificateAuthority.load(host, certDir, "ca", start);
            }
            if (ca.external()) {
                listener.warn("Detected external ca certificate authority, certificate embedded in the "
                        + spec.summary() + " can't be renewed");
                continue;
            }
            CertInfo info = info(spec, cert.get());
            EncryptionAlgorithm algorithm = info.keyAlgorithm().orElse(EncryptionAlgorithm.DEFAULT);
            specs.add(spec);
            configs.add(config.get());
            requests.add(CertRequest.renewalOf(info, algorithm));
        }
        List<CertAndKey> issued = requests.isEmpty() ? List.of() : ca.issue(requests, start, validity);
        return PreparedRenewal.of(specs.stream().map(KubeconfigSpec::fileName).toList(), () -> {
            for (int i = 0; i < specs.size(); i++) {
                Kubeconfig renewed = configs.get(i).withClientCredentials(issued.get(i));
                host.upload(Content.of(renewed.render().getBytes(StandardCharsets.UTF_8)), path(specs.get(i)),
                        FileAttributes.PRIVATE);
                listener.info("certificate embedded in the " + specs.get(i).summary() + " renewed");
            }
        });
    }

    private Optional<Kubeconfig> read(KubeconfigSpec spec) {
        return host.read(path(spec)).map(bytes -> {
            try {
                return Kubeconfig.parse(bytes);
            } catch (IllegalArgumentException e) {
                throw new KbootException.InvalidInput(path(spec) + ": " + e.getMessage());
            }
        });
    }

    private CertInfo info(KubeconfigSpec spec, String certificatePem) {
        try {
            return CertInfo.parse(certificatePem);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput(path(spec) + ": client-certificate-data: " + e.getMessage());
        }
    }

    private String path(KubeconfigSpec spec) {
        return dir + "/" + spec.fileName();
    }

    private static List<KubeconfigSpec> renewable() {
        return KubeconfigSpec.kubeadm().stream().filter(KubeconfigSpec::renewable).toList();
    }
}
