package io.kboot.config;

import io.kboot.KbootException;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    static final Set<String> TOKEN_USAGES = Set.of("signing", "authentication");
    static final Set<String> IMAGE_PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    private static final Pattern TOKEN_GROUP = Pattern.compile("system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final List<String> problems = new ArrayList<>();
    private ConfigLoader.SourceDocument doc;

    private ConfigValidator() {}

    static void validate(ConfigDocuments docs) {
        ConfigValidator v = new ConfigValidator();
        docs.clusterConfiguration()
                .ifPresent(c -> v.refusingUnsupported(docs, ConfigLoader.DocumentKind.CLUSTER_CONFIGURATION).cluster(c));
        docs.init().ifPresent(i -> v.refusingUnsupported(docs, ConfigLoader.DocumentKind.INIT).init(i));
        docs.join().ifPresent(j -> v.refusingUnsupported(docs, ConfigLoader.DocumentKind.JOIN).join(j));
        docs.upgrade().ifPresent(u -> v.in(docs, ConfigLoader.DocumentKind.UPGRADE).timeouts(u.timeouts()));
        docs.cluster().ifPresent(c -> v.in(docs, ConfigLoader.DocumentKind.CLUSTER).clusterFile(c, docs));
        if (!v.problems.isEmpty()) {
            throw new KbootException.InvalidInput(String.join("\n", v.problems));
        }
    }

    private ConfigValidator in(ConfigDocuments docs, ConfigLoader.DocumentKind kind) {
        doc = docs.origin(kind).orElseThrow();
        return this;
    }

    /** The fields kboot does not implement (see {@link Unsupported}), each refused where it is. */
    private ConfigValidator refusingUnsupported(ConfigDocuments docs, ConfigLoader.DocumentKind kind) {
        in(docs, kind);
        Unsupported.foundIn(kind, doc.node()).forEach((pointer, reason) -> problem(pointer, Unsupported.SUFFIX + ": " + reason));
        return this;
    }

    private void cluster(Kubeadm.ClusterConfiguration c) {
        if (c.networking() != null) {
            check("/networking/serviceSubnet", c.networking().serviceSubnet(), ValueRules::serviceSubnets);
            check("/networking/podSubnet", c.networking().podSubnet(), ValueRules::cidrs);
            check("/networking/dnsDomain", c.networking().dnsDomain(), ConfigValidator::dnsSubdomain);
        }
        if (c.apiServer() != null) {
            each("/apiServer/certSANs", c.apiServer().certSANs(), ValueRules::certSan);
            extraArgs("/apiServer/extraArgs", c.apiServer().extraArgs());
        }
        if (c.controllerManager() != null) {
            extraArgs("/controllerManager/extraArgs", c.controllerManager().extraArgs());
        }
        if (c.scheduler() != null) {
            extraArgs("/scheduler/extraArgs", c.scheduler().extraArgs());
        }
        if (c.etcd() != null && c.etcd().local() != null) {
            each("/etcd/local/serverCertSANs", c.etcd().local().serverCertSANs(), ValueRules::certSan);
            check("/etcd/local/dataDir", c.etcd().local().dataDir(), ValueRules::path);
            check("/etcd/local/imageRepository", c.etcd().local().imageRepository(), ValueRules::imageRepository);
            check("/etcd/local/imageTag", c.etcd().local().imageTag(), ValueRules::imageTag);
            each("/etcd/local/peerCertSANs", c.etcd().local().peerCertSANs(), ValueRules::certSan);
            extraArgs("/etcd/local/extraArgs", c.etcd().local().extraArgs());
        }
        if (c.dns() != null) {
            check("/dns/imageRepository", c.dns().imageRepository(), ValueRules::imageRepository);
            check("/dns/imageTag", c.dns().imageTag(), ValueRules::imageTag);
        }
        if (c.featureGates() != null) {
            c.featureGates().forEach((name, enabled) -> {
                String at = "/featureGates/" + name.replace("~", "~0").replace("/", "~1");
                try {
                    FeatureGates.refusal(name, enabled).ifPresent(reason -> problem(at, reason));
                } catch (IllegalArgumentException e) {
                    problem(at, e.getMessage());
                }
            });
        }
        check("/kubernetesVersion", c.kubernetesVersion(), KubernetesVersion::parse);
        check("/certificatesDir", c.certificatesDir(), ValueRules::path);
        check("/imageRepository", c.imageRepository(), ValueRules::imageRepository);
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
                each("/bootstrapTokens/" + n + "/usages", t.usages(), ConfigValidator::tokenUsage);
                each("/bootstrapTokens/" + n + "/groups", t.groups(), ConfigValidator::tokenGroup);
            }
        }
        check("/certificateKey", i.certificateKey(), ValueRules::certificateKey);
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
            check("/controlPlane/localAPIEndpoint/advertiseAddress", j.controlPlane().localAPIEndpoint().advertiseAddress(),
                    ConfigValidator::ip);
            check("/controlPlane/localAPIEndpoint/bindPort", j.controlPlane().localAPIEndpoint().bindPort(),
                    ConfigValidator::port);
        }
        if (j.controlPlane() != null) {
            check("/controlPlane/certificateKey", j.controlPlane().certificateKey(), ValueRules::certificateKey);
        }
        timeouts(j.timeouts());
    }

    /**
     * The Cluster document of {@code kboot apply}: hosts that can be told apart (names, and the
     * SSH address with its port: a lab reaches several VMs on one address), known roles, at least
     * one control plane, and the control-plane endpoint that several control planes need. Per-node
     * fields of an InitConfiguration in the same file would apply to one host only, so they are
     * refused and named by their per-host spelling.
     */
    private void clusterFile(ClusterFile c, ConfigDocuments docs) {
        int defaultPort = 22;
        if (c.ssh() != null) {
            check("/ssh/port", c.ssh().port(), ConfigValidator::port);
            check("/ssh/user", c.ssh().user(), v -> ValueRules.plainText(v, 64));
            check("/ssh/jump", c.ssh().jump(), v -> ValueRules.plainText(v, 1024));
            if (c.ssh().port() != null) {
                defaultPort = c.ssh().port();
            }
        }
        if (c.hosts() == null || c.hosts().isEmpty()) {
            problem("/hosts", "a Cluster needs at least one host");
            return;
        }
        Set<String> names = new HashSet<>();
        Map<String, String> endpoints = new HashMap<>();
        int controlPlanes = 0;
        for (int n = 0; n < c.hosts().size(); n++) {
            ClusterFile.HostEntry h = c.hosts().get(n);
            String at = "/hosts/" + n;
            if (h.address() == null || h.address().isBlank()) {
                problem(at, "address is required");
            }
            // The rest of SSH (address form, user, jump) is checked where SSH targets are made (ClusterSpec);
            // here only that the values can be repeated in a message.
            check(at + "/address", h.address(), v -> ValueRules.plainText(v, 253));
            check(at + "/user", h.user(), v -> ValueRules.plainText(v, 64));
            check(at + "/jump", h.jump(), v -> ValueRules.plainText(v, 1024));
            String name = h.name() != null ? h.name() : h.address();
            check(at + "/name", h.name(), ConfigValidator::dnsSubdomain);
            if (name != null && !names.add(name)) {
                problem(at + "/name", "host \"" + name + "\" is listed twice");
            }
            check(at + "/port", h.port(), ConfigValidator::port);
            if (h.address() != null && !h.address().isBlank()) {
                String endpoint = h.address() + ":" + (h.port() != null ? h.port() : defaultPort);
                String first = endpoints.putIfAbsent(endpoint, name);
                if (first != null && !first.equals(name)) {
                    problem(at + "/address", "SSH address " + endpoint + " is also host \"" + first
                            + "\"'s: two entries would be one machine");
                }
            }
            if (h.role() == null) {
                problem(at, "role is required (control-plane or worker)");
            }
            check(at + "/role", h.role(), role -> {
                if (!ROLES.contains(role)) {
                    throw new IllegalArgumentException(Echo.quote(role) + " is not a role (expected control-plane or worker)");
                }
            });
            controlPlanes += "control-plane".equals(h.role()) ? 1 : 0;
            check(at + "/advertiseAddress", h.advertiseAddress(), ConfigValidator::ip);
            if (h.labels() != null) {
                h.labels().forEach((key, value) -> {
                    String field = at + "/labels/" + key.replace("~", "~0").replace("/", "~1");
                    check(field, key, ConfigValidator::labelKey);
                    check(field, value, ConfigValidator::labelValue);
                });
            }
            taints(at + "/taints", h.taints());
        }
        if (controlPlanes == 0) {
            problem("/hosts", "no host has role control-plane");
        }
        boolean endpoint = docs.clusterConfiguration().map(Kubeadm.ClusterConfiguration::controlPlaneEndpoint).isPresent();
        if (controlPlanes > 1 && !endpoint) {
            problem("/hosts",
                    controlPlanes + " control planes need a controlPlaneEndpoint (a load balancer or DNS name in front of"
                            + " all of them) in a ClusterConfiguration document of this file");
        }
        docs.init().ifPresent(init -> {
            in(docs, ConfigLoader.DocumentKind.INIT);
            if (init.nodeRegistration() != null && init.nodeRegistration().name() != null) {
                problem("/nodeRegistration/name",
                        "with a Cluster document each host's name is its Node's name: set hosts[].name");
            }
            if (init.localAPIEndpoint() != null && init.localAPIEndpoint().advertiseAddress() != null) {
                problem("/localAPIEndpoint/advertiseAddress", "with a Cluster document the advertise address is per host:"
                        + " set hosts[].advertiseAddress");
            }
        });
        docs.join().ifPresent(join -> {
            in(docs, ConfigLoader.DocumentKind.JOIN);
            problem("", "kboot apply makes each host's join configuration itself (token, CA pin, endpoint): remove the"
                    + " JoinConfiguration from a file with a Cluster document");
        });
    }

    private void nodeRegistration(String at, Kubeadm.NodeRegistration r) {
        if (r == null) {
            return;
        }
        check(at + "/name", r.name(), ConfigValidator::dnsSubdomain);
        taints(at + "/taints", r.taints());
        check(at + "/criSocket", r.criSocket(), ValueRules::criSocket);
        extraArgs(at + "/kubeletExtraArgs", r.kubeletExtraArgs());
        check(at + "/imagePullPolicy", r.imagePullPolicy(), ConfigValidator::imagePullPolicy);
        check(at + "/ignorePreflightErrors", r.ignorePreflightErrors(),
                names -> ValueRules.ignorePreflightErrors(new LinkedHashSet<>(names)));
    }

    /** kubeadm's ValidateExtraArgs: every argument has a name; it becomes --name=value on a command line. */
    private void extraArgs(String at, List<Kubeadm.Arg> args) {
        if (args == null) {
            return;
        }
        for (int n = 0; n < args.size(); n++) {
            String name = args.get(n).name();
            if (name == null || name.isBlank()) {
                problem(at + "/" + n, "an argument needs a name");
            } else if (name.startsWith("-") || name.contains("=") || name.chars().anyMatch(Character::isWhitespace)) {
                problem(at + "/" + n + "/name", Echo.quote(name) + " is not an argument name (write it without leading"
                        + " dashes, without '=' and without spaces)");
            }
        }
    }

    private <T> void each(String at, List<T> values, Consumer<T> parser) {
        if (values != null) {
            for (int n = 0; n < values.size(); n++) {
                check(at + "/" + n, values.get(n), parser);
            }
        }
    }

    private void taints(String at, List<Kubeadm.Taint> taints) {
        if (taints == null) {
            return;
        }
        for (int n = 0; n < taints.size(); n++) {
            Kubeadm.Taint t = taints.get(n);
            if (t.key() == null || t.key().isBlank()) {
                problem(at + "/" + n, "a taint needs a key");
            } else {
                check(at + "/" + n + "/key", t.key(), ConfigValidator::labelKey);
            }
            check(at + "/" + n + "/value", t.value(), ConfigValidator::labelValue);
            check(at + "/" + n + "/effect", t.effect(), effect -> {
                if (!TAINT_EFFECTS.contains(effect)) {
                    throw new IllegalArgumentException(
                            Echo.quote(effect) + " is not a taint effect (expected " + String.join(", ", TAINT_EFFECTS) + ")");
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
            throw new IllegalArgumentException(Echo.quote(value) + " is not an IP address");
        }
    }

    static void port(Integer value) {
        ValueRules.port(value);
    }

    static void dnsSubdomain(String value) {
        ValueRules.dnsSubdomain(value);
    }

    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    /**
     * A label or taint key, Kubernetes' qualified name: an optional DNS-subdomain prefix and "/", then a name
     * of up to 63 characters.
     */
    static void labelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (!DNS_SUBDOMAIN.matcher(prefix).matches()) {
                throw new IllegalArgumentException(
                        Echo.quote(key) + ": the prefix before '/' must be a DNS subdomain (lowercase letters,"
                                + " digits, '-' and '.')");
            }
        }
        if (!LABEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(Echo.quote(key) + " is not a valid key: up to 63 letters, digits, '-', '_' or '.',"
                    + " starting and ending with a letter or digit, after an optional prefix and '/'");
        }
    }

    /** A label or taint value: empty, or up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric. */
    static void labelValue(String value) {
        if (!value.isEmpty() && !LABEL_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    Echo.quote(value) + " is not a valid value: up to 63 letters, digits, '-', '_' or '.',"
                            + " starting and ending with a letter or digit");
        }
    }

    /** kubeadm's ValidateTokenUsages: the usages the bootstrap token authenticator and signer know. */
    static void tokenUsage(String usage) {
        if (!TOKEN_USAGES.contains(usage)) {
            throw new IllegalArgumentException(Echo.quote(usage) + " is not a token usage (expected signing or authentication)");
        }
    }

    /** kubeadm's ValidateTokenGroups: extra groups of a bootstrap token are system:bootstrappers:*. */
    static void tokenGroup(String group) {
        if (!TOKEN_GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException(
                    Echo.quote(group) + " is not a bootstrap group (system:bootstrappers:[a-z0-9:-]*)");
        }
    }

    /**
     * kubeadm pulls the images before init or join with this policy; kboot pulls none (a bundle
     * imports them, the kubelet pulls the rest when absent), which is IfNotPresent. Always and Never
     * would need kboot's own pulls and checks.
     */
    static void imagePullPolicy(String value) {
        if (!IMAGE_PULL_POLICIES.contains(value)) {
            throw new IllegalArgumentException(Echo.quote(value) + " is not an image pull policy (expected Always,"
                    + " IfNotPresent or Never)");
        }
        if (!value.equals("IfNotPresent")) {
            throw new IllegalArgumentException(value + " is " + Unsupported.SUFFIX + ": kboot pulls no images before"
                    + " the kubelet does (a bundle imports them; the kubelet pulls the others if absent), which is IfNotPresent");
        }
    }

    static void encryptionAlgorithm(String value) {
        if (!ENCRYPTION_ALGORITHMS.contains(value)) {
            throw new IllegalArgumentException(
                    Echo.quote(value) + " is not supported (expected one of RSA-2048, RSA-3072, RSA-4096, ECDSA-P256)");
        }
    }
}
