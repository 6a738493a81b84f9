package io.kboot.kubeconfig;

import io.kboot.KbootException;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.pki.CertAndKey;
import io.kboot.pki.CertInfo;
import io.kboot.pki.CertRequest;
import io.kboot.pki.CertificateAuthority;
import io.kboot.pki.Ensured;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kubeconfig files of a control-plane node, with client certificates signed by the cluster
 * CA. Like {@link Pki#ensure}, it keeps usable files, checks everything, issues all missing
 * certificates at once, and writes only then.
 */
public final class Kubeconfigs {
    public static final String DEFAULT_DIR = "/etc/kubernetes";
    public static final String ALL = "all";

    private final Host host;
    private final String dir;
    private final Pki pki;
    private final KubeconfigSettings settings;
    private final PkiListener listener;

    public Kubeconfigs(Host host, String kubeconfigDir, Pki pki, KubeconfigSettings settings, PkiListener listener) {
        this.host = host;
        this.dir = kubeconfigDir.endsWith("/") && kubeconfigDir.length() > 1
                ? kubeconfigDir.substring(0, kubeconfigDir.length() - 1) : kubeconfigDir;
        this.pki = pki;
        this.settings = settings;
        this.listener = listener;
    }

    /** What {@link #ensure} accepts: "all" and each kubeconfig's name ("admin", "kubelet"...). */
    public static List<String> selections() {
        return Stream.concat(Stream.of(ALL), KubeconfigSpec.kubeadm().stream().map(KubeconfigSpec::name)).toList();
    }

    public KubeconfigSettings settings() {
        return settings;
    }

    public String path(KubeconfigSpec spec) {
        return dir + "/" + spec.fileName();
    }

    /**
     * Starts generating, in the background, the client keys {@link #ensure} will need for these
     * selections (one per missing file). Optional.
     */
    public void prefetch(Collection<String> selections) {
        int missing = 0;
        for (String selection : selections) {
            List<KubeconfigSpec> specs = ALL.equals(selection) ? KubeconfigSpec.kubeadm()
                    : KubeconfigSpec.named(selection).map(List::of).orElse(List.of());
            for (KubeconfigSpec spec : specs) {
                if (!host.exists(path(spec))) {
                    missing++;
                }
            }
        }
        pki.prefetchKeys(missing);
    }

    /**
     * Makes sure the selected kubeconfigs exist and fit the cluster CA. The CA must exist (the
     * certs phase runs first); in external CA mode the files must already exist.
     */
    public List<Ensured> ensure(String selection) {
        List<KubeconfigSpec> specs = ALL.equals(selection) ? KubeconfigSpec.kubeadm()
                : KubeconfigSpec.named(selection).map(List::of).orElseThrow(() -> new KbootException.InvalidInput(
                        "unknown kubeconfig \"" + selection + "\": valid names are " + String.join(", ", selections())));
        CertificateAuthority ca = pki.authority("ca");
        PkiSettings pkiSettings = pki.settings();
        Instant start = pkiSettings.issuing().clock().instant();

        List<KubeconfigSpec> missing = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (KubeconfigSpec spec : specs) {
            Optional<byte[]> existing = host.read(path(spec));
            if (existing.isEmpty()) {
                if (ca.external()) {
                    throw new KbootException.InvalidInput("cannot create " + path(spec) + ": the ca certificate "
                            + "authority is external (" + pki.certDir() + "/ca.key is absent); provide the file");
                }
                missing.add(spec);
            } else {
                warnings.addAll(check(spec, existing.get(), ca, start));
                reused.add(spec.name());
            }
        }

        List<CertRequest> requests = missing.stream()
                .map(s -> CertRequest.client(s.user().apply(settings), s.organizations(),
                        pkiSettings.issuing().encryptionAlgorithm()))
                .toList();
        List<CertAndKey> issued = missing.isEmpty() ? List.of()
                : ca.issue(requests, start, pkiSettings.issuing().certificateValidity());

        warnings.forEach(listener::warn);
        List<Ensured> results = new ArrayList<>();
        for (KubeconfigSpec spec : specs) {
            int index = missing.indexOf(spec);
            if (index < 0) {
                listener.info("Using existing kubeconfig file: \"" + path(spec) + "\"");
                results.add(Ensured.reused(spec.name()));
                continue;
            }
            Kubeconfig config = Kubeconfig.create(settings.clusterName(), spec.server().apply(settings),
                    ca.certificatePem(), spec.user().apply(settings), issued.get(index));
            listener.info("Writing \"" + spec.fileName() + "\" kubeconfig file");
            write(path(spec), config);
            results.add(Ensured.created(spec.name()));
        }
        return results;
    }

    /** kubeconfigs hold a private key: 0600, as kubeadm's WriteToDisk. */
    void write(String path, Kubeconfig config) {
        host.upload(Content.of(config.render().getBytes(StandardCharsets.UTF_8)), path, FileAttributes.PRIVATE);
    }

    /**
     * kubeadm's validateKubeConfig, plus the client certificate: a wrong CA or a key that does not
     * match is an error; a different server, an expired certificate or another identity is a warning.
     */
    private List<String> check(KubeconfigSpec spec, byte[] bytes, CertificateAuthority ca, Instant now) {
        String path = path(spec);
        Kubeconfig config;
        try {
            config = Kubeconfig.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput(path + ": " + e.getMessage());
        }
        String caPem = config.certificateAuthorityPem().orElseThrow(() -> new KbootException.InvalidInput(
                path + " exists but its current context has no certificate-authority-data"));
        if (!sameCertificate(caPem, ca.certificatePem())) {
            throw new KbootException.InvalidInput(path + " exists but has got the wrong CA cert (not "
                    + pki.certDir() + "/ca.crt): remove it to have it regenerated");
        }
        List<String> warnings = new ArrayList<>();
        String expectedServer = spec.server().apply(settings);
        if (!config.server().orElse("").equals(expectedServer)) {
            warnings.add(path + " exists but has an unexpected API Server URL: expected " + expectedServer
                    + ", got " + config.server().orElse("none"));
        }
        Optional<String> certPem = config.clientCertificatePem();
        if (certPem.isEmpty()) {
            return warnings;
        }
        if (!ca.issued(certPem.get())) {
            throw new KbootException.InvalidInput("the client certificate in " + path
                    + " is not signed by the cluster CA: remove the file to have it regenerated");
        }
        String keyPem = config.clientKeyPem().orElseThrow(() -> new KbootException.InvalidInput(
                path + " has client-certificate-data without client-key-data"));
        boolean matches;
        try {
            matches = CertificateAuthority.keyMatches(certPem.get(), keyPem);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput(path + ": client-key-data: " + e.getMessage());
        }
        if (!matches) {
            throw new KbootException.InvalidInput(path + ": client-key-data does not match client-certificate-data");
        }
        CertInfo info = CertInfo.parse(certPem.get());
        if (now.isAfter(info.notAfter())) {
            warnings.add("the client certificate in " + path + " expired on " + info.notAfter()
                    + (spec.renewable() ? "; renew it with 'kboot certs renew " + spec.fileName() + "'" : ""));
        }
        String expectedUser = spec.user().apply(settings);
        if (!info.commonName().equals(expectedUser)) {
            warnings.add("the client certificate in " + path + " is for " + info.commonName() + ", expected "
                    + expectedUser);
        }
        return warnings;
    }

    private static boolean sameCertificate(String a, String b) {
        try {
            return CertInfo.parse(a).equals(CertInfo.parse(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
