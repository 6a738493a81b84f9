package io.kboot.pki;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One certificate of kubeadm's PKI, as data (kubeadm phases/certs/certlist.go). The name is
 * kubeadm's phase name ("etcd-server"); the base name is the path under the certificate
 * directory without extension ("etcd/server").
 *
 * @param caName the CA that signs it; empty for a self-signed CA
 */
public record CertSpec(
        String name,
        String baseName,
        Optional<String> caName,
        String summary,
        Function<PkiSettings, String> commonName,
        List<String> organizations,
        Set<ExtKeyUsage> usages,
        Function<PkiSettings, AltNames> altNames) {

    /** The ServiceAccount key pair: sa.key and sa.pub, no certificate. */
    public static final String SERVICE_ACCOUNT = "sa";

    private static final Function<PkiSettings, AltNames> NO_SANS = s -> AltNames.none();

    private static final List<CertSpec> KUBEADM = List.of(
            ca("ca", "ca", "kubernetes",
                    "self-signed Kubernetes CA to provision identities for other Kubernetes components"),
            leaf("apiserver", "apiserver", "ca", s -> "kube-apiserver", List.of(), Set.of(ExtKeyUsage.SERVER_AUTH),
                    Sans::apiServer, "certificate for serving the Kubernetes API"),
            leaf("apiserver-kubelet-client", "apiserver-kubelet-client", "ca", s -> "kube-apiserver-kubelet-client",
                    List.of("kubeadm:cluster-admins"), Set.of(ExtKeyUsage.CLIENT_AUTH), NO_SANS,
                    "certificate for the API server to connect to kubelet"),
            ca("front-proxy-ca", "front-proxy-ca", "front-proxy-ca",
                    "self-signed CA to provision identities for front proxy"),
            leaf("front-proxy-client", "front-proxy-client", "front-proxy-ca", s -> "front-proxy-client", List.of(),
                    Set.of(ExtKeyUsage.CLIENT_AUTH), NO_SANS, "certificate for the front proxy client"),
            ca("etcd-ca", "etcd/ca", "etcd-ca", "self-signed CA to provision identities for etcd"),
            leaf("etcd-server", "etcd/server", "etcd-ca", PkiSettings::nodeName, List.of(),
                    Set.of(ExtKeyUsage.SERVER_AUTH, ExtKeyUsage.CLIENT_AUTH),
                    s -> Sans.etcd(s, s.etcdServerCertSANs()), "certificate for serving etcd"),
            leaf("etcd-peer", "etcd/peer", "etcd-ca", PkiSettings::nodeName, List.of(),
                    Set.of(ExtKeyUsage.SERVER_AUTH, ExtKeyUsage.CLIENT_AUTH),
                    s -> Sans.etcd(s, s.etcdPeerCertSANs()),
                    "certificate for etcd nodes to communicate with each other"),
            leaf("etcd-healthcheck-client", "etcd/healthcheck-client", "etcd-ca", s -> "kube-etcd-healthcheck-client",
                    List.of(), Set.of(ExtKeyUsage.CLIENT_AUTH), NO_SANS,
                    "certificate for liveness probes to healthcheck etcd"),
            leaf("apiserver-etcd-client", "apiserver-etcd-client", "etcd-ca", s -> "kube-apiserver-etcd-client",
                    List.of(), Set.of(ExtKeyUsage.CLIENT_AUTH), NO_SANS,
                    "certificate the apiserver uses to access etcd"));

    public CertSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(caName, "caName");
        organizations = List.copyOf(organizations);
        usages = Set.copyOf(usages);
    }

    /** kubeadm's list, in kubeadm's order: each CA before the certificates it signs. */
    public static List<CertSpec> kubeadm() {
        return KUBEADM;
    }

    public static Optional<CertSpec> named(String name) {
        return KUBEADM.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    public boolean isCa() {
        return caName.isEmpty();
    }

    public String certFile() {
        return baseName + ".crt";
    }

    public String keyFile() {
        return baseName + ".key";
    }

    /** What to issue for this certificate under the given settings. */
    public CertRequest request(PkiSettings settings) {
        return new CertRequest(commonName.apply(settings), organizations, usages, altNames.apply(settings),
                settings.encryptionAlgorithm());
    }

    /** The certSANs entries kubeadm would drop from this certificate (neither IP nor DNS name). */
    public List<String> ignoredSans(PkiSettings settings) {
        return switch (name) {
            case "apiserver" -> Sans.ignored(settings.apiServerCertSANs());
            case "etcd-server" -> Sans.ignored(settings.etcdServerCertSANs());
            case "etcd-peer" -> Sans.ignored(settings.etcdPeerCertSANs());
            default -> List.of();
        };
    }

    private static CertSpec ca(String name, String baseName, String commonName, String summary) {
        // A kubeadm CA carries its own CN as a DNS SAN (pki_helpers NewSelfSignedCACert).
        return new CertSpec(name, baseName, Optional.empty(), summary, s -> commonName, List.of(), Set.of(),
                s -> new AltNames(List.of(commonName), List.of()));
    }

    private static CertSpec leaf(String name, String baseName, String caName, Function<PkiSettings, String> cn,
            List<String> organizations, Set<ExtKeyUsage> usages, Function<PkiSettings, AltNames> altNames,
            String summary) {
        return new CertSpec(name, baseName, Optional.of(caName), summary, cn, organizations, usages, altNames);
    }
}
