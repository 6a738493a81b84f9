package io.kboot.apply;

import io.kboot.KbootException;
import io.kboot.config.ClusterFile;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.Kubeadm;
import io.kboot.config.ValueRules;
import io.kboot.host.ssh.SshConfig;
import io.kboot.host.ssh.SshTarget;
import io.kboot.hostprep.NodeRole;
import io.kboot.init.InitWorkflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster file ({@code kboot apply -f}), read and checked as a whole before any host is touched:
 * the Cluster document's hosts with their SSH settings merged and parsed, the kubeadm documents
 * beside it as the cluster's settings, and the paths it names resolved against the file's
 * directory ({@code ~/} against the user's home).
 */
public record ClusterSpec(String name, Path file, ConfigDocuments documents, List<HostSpec> hosts, Optional<Path> bundle) {

    public static final String DEFAULT_NAME = "kubernetes";

    public ClusterSpec {
        hosts = List.copyOf(hosts);
    }

    /** {@link #load(Path, Path, SshConfig)} with no SSH client configuration. */
    public static ClusterSpec load(Path file, Path home) {
        return load(file, home, SshConfig.NONE);
    }

    /**
     * @param sshConfig OpenSSH client settings for the hosts' addresses, under the file's own
     * @throws KbootException.InvalidInput naming every problem with its file, line and column
     */
    public static ClusterSpec load(Path file, Path home, SshConfig sshConfig) {
        ConfigDocuments docs = ConfigLoader.load(file);
        ClusterFile cluster = docs.cluster().orElseThrow(() -> new KbootException.InvalidInput(file
                + ": no Cluster document (apiVersion: " + ClusterFile.API_VERSION + ", kind: " + ClusterFile.KIND
                + "); see docs/cluster.yaml"));
        Path dir = file.toAbsolutePath().getParent();
        ClusterFile.Ssh defaults =
                cluster.ssh() != null ? cluster.ssh() : new ClusterFile.Ssh(null, null, null, null, null, null);
        // Hosts sharing a bad default (ssh.key) would repeat the same problem: each is said once.
        Set<String> problems = new LinkedHashSet<>();
        List<HostSpec> hosts = new ArrayList<>();
        for (int n = 0; n < cluster.hosts().size(); n++) {
            try {
                hosts.add(host(cluster.hosts().get(n), n, defaults, docs, dir, home, sshConfig));
            } catch (KbootException.InvalidInput e) {
                problems.add(e.getMessage());
            }
        }
        Optional<Path> bundle = Optional.ofNullable(cluster.bundle()).map(b -> resolve(b, dir, home));
        bundle.filter(b -> !Files.isRegularFile(b))
                .ifPresent(b -> problems.add(docs.clusterField("/bundle") + ": no such file: " + b));
        if (!problems.isEmpty()) {
            throw new KbootException.InvalidInput(String.join("\n", problems));
        }
        String name = cluster.metadata() != null && cluster.metadata().name() != null ? cluster.metadata().name() : DEFAULT_NAME;
        ClusterSpec spec = new ClusterSpec(name, file, docs, hosts, bundle);
        // Settings and phase names are checked now, not when the first control plane is reached.
        InitSettings settings = spec.initSettings(spec.controlPlanes().get(0), Set.of(), false);
        InitWorkflow.build().plan(Optional.empty(), settings.run().skipPhases());
        return spec;
    }

    private static HostSpec host(ClusterFile.HostEntry h, int n, ClusterFile.Ssh ssh, ConfigDocuments docs, Path dir, Path home,
            SshConfig sshConfig) {
        String at = "/hosts/" + n;
        String address = h.address().strip();
        if (address.contains("@") || (address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':'))) {
            throw new KbootException.InvalidInput(docs.clusterField(at + "/address") + ": \"" + address
                    + "\" must be a host name or IP address only; give the user and port as user: and port:");
        }
        SshTarget target;
        try {
            target = SshTarget.parse(address);
            ValueRules.sshHost(target.address().host());
        } catch (KbootException.InvalidInput | IllegalArgumentException e) {
            throw new KbootException.InvalidInput(docs.clusterField(at + "/address") + ": " + e.getMessage());
        }
        Optional<String> user = first(h.user(), ssh.user());
        try {
            target = SshTarget.parse(user.map(u -> u + "@").orElse("") + (address.contains(":") ? "[" + address + "]" : address));
        } catch (KbootException.InvalidInput e) {
            throw new KbootException.InvalidInput(
                    docs.clusterField(h.user() != null ? at + "/user" : "/ssh/user") + ": " + e.getMessage());
        }
        Optional<Integer> port = first(h.port(), ssh.port());
        target = target.withAddress(a -> a.withPort(port.orElse(SshTarget.DEFAULT_PORT)));
        Optional<String> key = first(h.key(), ssh.key());
        if (key.isPresent()) {
            Path file = resolve(key.get(), dir, home);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new KbootException.InvalidInput(docs.clusterField(h.key() != null ? at + "/key" : "/ssh/key")
                        + ": cannot read the private key " + file);
            }
            target = target.withAuth(a -> a.withIdentityFiles(List.of(file)));
        }
        if (ssh.knownHosts() != null) {
            Path knownHosts = resolve(ssh.knownHosts(), dir, home);
            if (Files.isDirectory(knownHosts)) {
                throw new KbootException.InvalidInput(
                        docs.clusterField("/ssh/knownHosts") + ": " + knownHosts + " is a directory, not a file");
            }
            target = target.withHostKeys(k -> k.withKnownHosts(knownHosts));
        }
        Optional<String> jump = first(h.jump(), ssh.jump());
        if (jump.isPresent()) {
            try {
                target = target.withConnection(c -> c.withJump(jump.get()));
            } catch (KbootException.InvalidInput e) {
                throw new KbootException.InvalidInput(docs.clusterField(h.jump() != null ? at + "/jump" : "/ssh/jump") + ": "
                        + e.getMessage());
            }
        }
        target = target.withSudo(first(h.sudo(), ssh.sudo()).orElse(false));
        try {
            target = sshConfig.apply(target, port.isPresent()).withAddress(a -> a.withDefaultUser("root"));
        } catch (KbootException.InvalidInput e) {
            throw new KbootException.InvalidInput(docs.clusterField(at + "/address") + ": " + e.getMessage());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (h.labels() != null) {
            h.labels().forEach((k, v) -> labels.put(k, v == null ? "" : v));
        }
        return new HostSpec(h.name() != null ? h.name() : address, Optional.ofNullable(h.name()), address,
                "control-plane".equals(h.role()) ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
                Optional.ofNullable(h.advertiseAddress()).flatMap(IpAddresses::parse),
                labels, h.taints() == null ? List.of() : h.taints(), target);
    }

    @SafeVarargs
    private static <T> Optional<T> first(T... values) {
        for (T value : values) {
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    static Path resolve(String path, Path dir, Path home) {
        if (path.equals("~") || path.startsWith("~/")) {
            return home.resolve(path.substring(Math.min(2, path.length())));
        }
        return dir.resolve(path).normalize();
    }

    public List<HostSpec> controlPlanes() {
        return hosts.stream().filter(HostSpec::controlPlane).toList();
    }

    public List<HostSpec> workers() {
        return hosts.stream().filter(h -> !h.controlPlane()).toList();
    }

    /**
     * The settings {@code kinit master} gets for a control plane of this cluster: the file's
     * kubeadm documents with the host's name and advertise address. Bootstrap tokens are made per
     * join by the run itself (short-lived), so init makes none unless the file lists some.
     */
    public InitSettings initSettings(HostSpec host, Set<String> ignoredChecks, boolean uploadCerts) {
        InitSettings.Flags flags = new InitSettings.Flags();
        flags.node.name = host.nodeName();
        flags.node.advertiseAddress = host.advertiseAddress();
        flags.run.ignorePreflightErrors = ignoredChecks;
        flags.uploadCerts = uploadCerts;
        InitSettings settings = InitSettings.from(documents, flags);
        boolean tokensListed =
                documents.init().map(Kubeadm.InitConfiguration::bootstrapTokens).filter(t -> !t.isEmpty()).isPresent();
        return tokensListed ? settings : settings.withBootstrap(settings.bootstrap().withTokens(List.of()));
    }
}
