package io.kboot.config;

import io.kboot.KbootException;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Checks field values once, where they are read, so that everything after this sees only valid
 * values. Every problem names the file, line and column of the field; all problems are reported
 * together.
 */
final class ConfigValidator {
    static final Set<String> ENCRYPTION_ALGORITHMS = Set.of("RSA-2048", "RSA-3072", "RSA-4096", "ECDSA-P256");
    static final Set<String> TAINT_EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    static final Set<String> ROLES = Set.of("control-plane", "worker");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final List<String> problems = new ArrayList<>();
    private ConfigLoader.SourceDocument doc;

    private ConfigValidator() {}

    static void validate(ConfigDocuments docs) {
        ConfigValidator v = new ConfigValidator();
        docs.clusterConfiguration().ifPresent(c -> v.in(docs, ConfigLoader.DocumentKind.CLUSTER_CONFIGURATION).cluster(c));
        docs.init().ifPresent(i -> v.in(docs, ConfigLoader.DocumentKind.INIT).init(i));
        docs.join().ifPresent(j -> v.in(docs, ConfigLoader.DocumentKind.JOIN).join(j));
        docs.cluster().ifPresent(c -> v.in(docs, ConfigLoader.DocumentKind.CLUSTER).clusterFile(c));
        if (!v.problems.isEmpty()) {
            throw new KbootException.InvalidInput(String.join("\n", v.problems));
        }
    }

    private ConfigValidator in(ConfigDocuments docs, ConfigLoader.DocumentKind kind) {
        doc = docs.origin(kind).orElseThrow();
        return this;
    }

    private void cluster(Kubeadm.ClusterConfiguration c) {
        if (c.networking() != null) {
            cidrs("/networking/serviceSubnet", c.networking().serviceSubnet());
            cidrs("/networking/podSubnet", c.networking().podSubnet());
            check("/networking/dnsDomain", c.networking().dnsDomain(), ConfigValidator::dnsSubdomain);
        }
        check("/kubernetesVersion", c.kubernetesVersion(), KubernetesVersion::parse);
        check("/controlPlaneEndpoint", c.controlPlaneEndpoint(), Endpoint::parse);
        check("/encryptionAlgorithm", c.encryptionAlgorithm(), ConfigValidator::encryptionAlgorithm);
        check("/certificateValidityPeriod", c.certificateValidityPeriod(), GoDuration::parse);
        check("/caCertificateValidityPeriod", c.caCertificateValidityPeriod(), GoDuration::parse);
        check("/clusterName", c.clusterName(), ConfigValidator::dnsSubdomain);
    }

    private void init(Kubeadm.InitConfiguration i) {
        if (i.localAPIEndpoint() != null) {
            check("/localAPIEndpoint/advertiseAddress", i.localAPIEndpoint().advertiseAddress(), ConfigValidator::ip);
            check("/localAPIEndpoint/bindPort", i.localAPIEndpoint().bindPort(), ConfigValidator::port);
        }
        nodeRegistration("/nodeRegistration", i.nodeRegistration());
        if (i.bootstrapTokens() != null) {
            for (int n = 0; n < i.bootstrapTokens().size(); n++) {
                Kubeadm.BootstrapTokenSpec t = i.bootstrapTokens().get(n);
                check("/bootstrapTokens/" + n + "/token", t.token(), BootstrapToken::parse);
                check("/bootstrapTokens/" + n + "/ttl", t.ttl(), GoDuration::parse);
            }
        }
        timeouts(i.timeouts());
    }

    private void join(Kubeadm.JoinConfiguration j) {
        nodeRegistration("/nodeRegistration", j.nodeRegistration());
        if (j.discovery() != null && j.discovery().bootstrapToken() != null) {
            Kubeadm.BootstrapTokenDiscovery d = j.discovery().bootstrapToken();
            check("/discovery/bootstrapToken/token", d.token(), BootstrapToken::parse);
            check("/discovery/bootstrapToken/apiServerEndpoint", d.apiServerEndpoint(), Endpoint::parse);
            if (d.caCertHashes() != null) {
                for (int n = 0; n < d.caCertHashes().size(); n++) {
                    check("/discovery/bootstrapToken/caCertHashes/" + n, d.caCertHashes().get(n), CaCertHash::parse);
                }
            }
        }
        if (j.discovery() != null && j.discovery().tlsBootstrapToken() != null) {
            check("/discovery/tlsBootstrapToken", j.discovery().tlsBootstrapToken(), BootstrapToken::parse);
        }
        if (j.controlPlane() != null && j.controlPlane().localAPIEndpoint() != null) {
            check("/controlPlane/localAPIEndpoint/advertiseAddress", j.controlPlane().localAPIEndpoint().advertiseAddress(), ConfigValidator::ip);
            check("/controlPlane/localAPIEndpoint/bindPort", j.controlPlane().localAPIEndpoint().bindPort(), ConfigValidator::port);
        }
        timeouts(j.timeouts());
    }

    private void clusterFile(ClusterFile c) {
        if (c.ssh() != null) {
            check("/ssh/port", c.ssh().port(), ConfigValidator::port);
        }
        if (c.hosts() == null || c.hosts().isEmpty()) {
            problem("/hosts", "a Cluster needs at least one host");
            return;
        }
        Set<String> names = new HashSet<>();
        boolean controlPlane = false;
        for (int n = 0; n < c.hosts().size(); n++) {
            ClusterFile.HostEntry h = c.hosts().get(n);
            String at = "/hosts/" + n;
            if (h.address() == null || h.address().isBlank()) {
                problem(at, "address is required");
            }
            String name = h.name() != null ? h.name() : h.address();
            check(at + "/name", h.name(), ConfigValidator::dnsSubdomain);
            if (name != null && !names.add(name)) {
                problem(at + "/name", "host \"" + name + "\" is listed twice");
            }
            check(at + "/port", h.port(), ConfigValidator::port);
            check(at + "/role", h.role(), role -> {
                if (!ROLES.contains(role)) {
                    throw new IllegalArgumentException("\"" + role + "\" is not a role (expected control-plane or worker)");
                }
            });
            controlPlane |= "control-plane".equals(h.role());
            taints(at + "/taints", h.taints());
        }
        if (!controlPlane) {
            problem("/hosts", "no host has role control-plane");
        }
    }

    private void nodeRegistration(String at, Kubeadm.NodeRegistration r) {
        if (r == null) {
            return;
        }
        check(at + "/name", r.name(), ConfigValidator::dnsSubdomain);
        taints(at + "/taints", r.taints());
    }

    private void taints(String at, List<Kubeadm.Taint> taints) {
        if (taints == null) {
            return;
        }
        for (int n = 0; n < taints.size(); n++) {
            Kubeadm.Taint t = taints.get(n);
            if (t.key() == null || t.key().isBlank()) {
                problem(at + "/" + n, "a taint needs a key");
            }
            check(at + "/" + n + "/effect", t.effect(), effect -> {
                if (!TAINT_EFFECTS.contains(effect)) {
                    throw new IllegalArgumentException("\"" + effect + "\" is not a taint effect (expected " + String.join(", ", TAINT_EFFECTS) + ")");
                }
            });
        }
    }

    private void timeouts(Kubeadm.Timeouts t) {
        if (t == null) {
            return;
        }
        check("/timeouts/controlPlaneComponentHealthCheck", t.controlPlaneComponentHealthCheck(), GoDuration::parse);
        check("/timeouts/kubeletHealthCheck", t.kubeletHealthCheck(), GoDuration::parse);
        check("/timeouts/kubernetesAPICall", t.kubernetesAPICall(), GoDuration::parse);
        check("/timeouts/etcdAPICall", t.etcdAPICall(), GoDuration::parse);
        check("/timeouts/tlsBootstrap", t.tlsBootstrap(), GoDuration::parse);
        check("/timeouts/discovery", t.discovery(), GoDuration::parse);
        check("/timeouts/upgradeManifests", t.upgradeManifests(), GoDuration::parse);
    }

    private void cidrs(String at, String value) {
        check(at, value, v -> {
            String[] parts = v.split(",");
            if (parts.length > 2) {
                throw new IllegalArgumentException("at most two CIDRs (one IPv4, one IPv6), got " + parts.length);
            }
            for (String part : parts) {
                Cidr.parse(part);
            }
        });
    }

    private <T> void check(String pointer, T value, Consumer<T> parser) {
        if (value == null) {
            return;
        }
        try {
            parser.accept(value);
        } catch (IllegalArgumentException | KbootException e) {
            problem(pointer, e.getMessage());
        }
    }

    private void problem(String pointer, String message) {
        problems.add(doc.where(pointer) + ": " + doc.kind() + " " + FieldPath.fromPointer(pointer) + ": " + message);
    }

    static void ip(String value) {
        if (IpAddresses.parse(value).isEmpty()) {
            throw new IllegalArgumentException("\"" + value + "\" is not an IP address");
        }
    }

    static void port(Integer value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(value + " is not a port (expected 1-65535)");
        }
    }

    static void dnsSubdomain(String value) {
        if (!DNS_SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException("\"" + value + "\" is not a valid name (lowercase letters, digits, '-' and '.')");
        }
    }

    static void encryptionAlgorithm(String value) {
        if (!ENCRYPTION_ALGORITHMS.contains(value)) {
            throw new IllegalArgumentException("\"" + value + "\" is not supported (expected one of RSA-2048, RSA-3072, RSA-4096, ECDSA-P256)");
        }
    }
}
