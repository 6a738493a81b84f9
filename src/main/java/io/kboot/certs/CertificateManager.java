package io.kboot.certs;

import io.kboot.KbootException;
import io.kboot.config.Echo;
import io.kboot.host.Host;
import io.kboot.kubeconfig.KubeconfigRenewal;
import io.kboot.pki.CertExpiration;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiRenewal;
import io.kboot.pki.PreparedRenewal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code kboot certs check-expiration} and {@code kboot certs renew}: the certificate files and the
 * client certificates embedded in kubeconfigs, as kubeadm's renewal manager handles them.
 */
public final class CertificateManager {
    public static final String ALL = "all";

    private final PkiRenewal pki;
    private final KubeconfigRenewal kubeconfigs;
    private final Clock clock;
    private final PkiListener listener;

    /** {@code validity} is the renewed certificates' (kubeadm certificateValidityPeriod). */
    public CertificateManager(Host host, String certDir, String kubeconfigDir, Duration validity, Clock clock,
            PkiListener listener) {
        this.pki = new PkiRenewal(host, certDir, validity, clock, listener);
        this.kubeconfigs = new KubeconfigRenewal(host, kubeconfigDir, certDir, validity, clock, listener);
        this.clock = clock;
        this.listener = listener;
    }

    /** What {@link #renew} accepts: "all", each leaf certificate's name, each renewable kubeconfig. */
    public static List<String> selections() {
        return Stream.of(Stream.of(ALL), PkiRenewal.names().stream(), KubeconfigRenewal.names().stream())
                .flatMap(s -> s)
                .toList();
    }

    /**
     * Checks a name for {@link #renew} without a host: the CLI calls it before connecting.
     *
     * @throws KbootException.InvalidInput naming the valid names
     */
    public static void requireSelection(String selection) {
        if (!selections().contains(selection)) {
            throw new KbootException.InvalidInput("cannot renew " + Echo.quote(selection) + ": valid names are "
                    + String.join(", ", selections()));
        }
    }

    public ExpirationReport checkExpiration() {
        Instant now = clock.instant();
        List<CertExpiration> certificates = new ArrayList<>(pki.certificates(now));
        certificates.addAll(kubeconfigs.certificates(now));
        return new ExpirationReport(now, certificates, pki.authorities(now));
    }

    /**
     * Renews one certificate or all of them. Everything is issued in memory first; files are
     * written only when every renewal could be made.
     *
     * @return the names renewed
     */
    public List<String> renew(String selection) {
        requireSelection(selection);
        boolean all = ALL.equals(selection);
        List<String> renewed = renewed(all ? selections().subList(1, selections().size()) : List.of(selection), all);
        if (!renewed.isEmpty()) {
            listener.info("Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, "
                    + "kube-scheduler and etcd, so that they can use the new certificates.");
        }
        return renewed;
    }

    /**
     * Renews these certificates and kubeconfigs, those that exist (an upgrade renews each
     * component's before its new manifest starts, kubeadm's renewCertsByComponent); the caller
     * restarts what uses them.
     *
     * @return the names renewed
     */
    public List<String> renewExisting(List<String> names) {
        names.forEach(CertificateManager::requireSelection);
        return renewed(names, true);
    }

    private List<String> renewed(List<String> names, boolean skipMissing) {
        PreparedRenewal fileRenewal = pki.prepare(names.stream().filter(PkiRenewal.names()::contains).toList(), skipMissing);
        PreparedRenewal configRenewal =
                kubeconfigs.prepare(names.stream().filter(KubeconfigRenewal.names()::contains).toList(), skipMissing);
        fileRenewal.commit();
        configRenewal.commit();
        List<String> renewed = new ArrayList<>(fileRenewal.names());
        renewed.addAll(configRenewal.names());
        return renewed;
    }
}
