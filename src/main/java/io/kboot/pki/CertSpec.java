package io.kboot.pki;

import io.kboot.config.KubernetesVersion;
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
        Function<PkiSettings, List<String>> organizations,
        Set<ExtKeyUsage> usages,
        Function<PkiSettings, AltNames> altNames) {

    /** The ServiceAccount key pair: sa.key and sa.pub, no certificate. */
    public static final String SERVICE_ACCOUNT = "sa";

    private static final Function<PkiSettings, AltNames> NO_SANS = s -> AltNames.none();
    private static final Function<PkiSettings, List<String>> NONE = s -> List.of();

    /** The first release whose apiserver-kubelet-client certificate has no organization. */
    private static final KubernetesVersion KUBELET_CLIENT_WITHOUT_ORGANIZATION = KubernetesVersion.parse("v1.36.0");

    private static final List<CertSpec> KUBEADM = List.of(
            ca("ca", "ca", "kubernetes",
                    "self-signed Kubernetes CA to provision identities for other Kubernetes components"),
            leaf("apiserver", "apiserver", "ca", s -> "kube-apiserver", NONE, Set.of(ExtKeyUsage.SERVER_AUTH),
                    Sans::apiServer, "certificate for serving the Kubernetes API"),
            leaf("apiserver-kubelet-client", "apiserver-kubelet-client", "ca", s -> "kube-apiserver-kubelet-client",
                    CertSpec::kubeletClientOrganizations, Set.of(ExtKeyUsage.CLIENT_AUTH), NO_SANS,
                    "certificate for the API server to connect to kubelet"),
            ca("front-proxy-ca", "front-proxy-ca", "front-proxy-ca",
                    "self-signed CA to provision identities for front proxy"),
            leaf("front-proxy-client", "front-proxy-client", "front-proxy-ca", s -> "front-proxy-client", NONE,
                    Set.of(ExtKeyUsage.CLIENT_AUTH), NO_SANS, "certificate for the front proxy client"),
            ca("etcd-ca", "etcd/ca", "etcd-ca", "self-signed CA to provision identities for etcd"),
            leaf("etcd-server", "etcd/server", "etcd-ca", s -> s.node().name(), NONE,
                    Set.of(ExtKeyUsage.SERVER_AUTH, ExtKeyUsage.CLIENT_AUTH),
                    s -> Sans.etcd(s, s.sans().etcdServer()), "certificate for serving etcd"),
            leaf("etcd-peer", "etcd/peer", "etcd-ca", s -> s.node().name(), NONE,
                    Set.of(ExtKeyUsage.SERVER_AUTH, ExtKeyUsage.CLIENT_AUTH),
                    s -> Sans.etcd(s, s.sans().etcdPeer()),
                    "certificate for etcd nodes to communicate with each other"),
            leaf("etcd-healthcheck-client", "etcd/healthcheck-client", "etcd-ca", s -> "kube-etcd-healthcheck-client",
                    NONE, Set.of(ExtKeyUsage.CLIENT_AUTH), NO_SANS,
                    "certificate for liveness probes to healthcheck etcd"),
            leaf("apiserver-etcd-client", "apiserver-etcd-client", "etcd-ca", s -> "kube-apiserver-etcd-client",
                    NONE, Set.of(ExtKeyUsage.CLIENT_AUTH), NO_SANS,
                    "certificate the apiserver uses to access etcd"));

    public CertSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(caName, "caName");
        Objects.requireNonNull(organizations, "organizations");
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
        return new CertRequest(commonName.apply(settings), organizations.apply(settings), usages, altNames.apply(settings),
                settings.issuing().encryptionAlgorithm());
    }

    /**
     * Until v1.35 kubeadm put the API server's kubelet client in kubeadm:cluster-admins; v1.36 drops
     * the group (certlist.go) and grants the user system:kubelet-api-admin through the
     * kubeadm:apiserver-kubelet-client binding instead, which kboot creates for every release.
     */
    private static List<String> kubeletClientOrganizations(PkiSettings settings) {
        return settings.cluster().kubernetesVersion().compareTo(KUBELET_CLIENT_WITHOUT_ORGANIZATION) < 0
                ? List.of("kubeadm:cluster-admins") : List.of();
    }

    /** The certSANs entries kubeadm would drop from this certificate (neither IP nor DNS name). */
    public List<String> ignoredSans(PkiSettings settings) {
        return switch (name) {
            case "apiserver" -> Sans.ignored(settings.sans().apiServer());
            case "etcd-server" -> Sans.ignored(settings.sans().etcdServer());
            case "etcd-peer" -> Sans.ignored(settings.sans().etcdPeer());
            default -> List.of();
        };
    }

    private static CertSpec ca(String name, String baseName, String commonName, String summary) {
        // A kubeadm CA carries its own CN as a DNS SAN (pki_helpers NewSelfSignedCACert).
        return new CertSpec(name, baseName, Optional.empty(), summary, s -> commonName, NONE, Set.of(),
                s -> new AltNames(List.of(commonName), List.of()));
    }

    private static CertSpec leaf(String name, String baseName, String caName, Function<PkiSettings, String> cn,
            Function<PkiSettings, List<String>> organizations, Set<ExtKeyUsage> usages, Function<PkiSettings, AltNames> altNames,
            String summary) {
        return new CertSpec(name, baseName, Optional.of(caName), summary, cn, organizations, usages, altNames);
    }
}
