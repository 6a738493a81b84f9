package io.kboot.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CertificateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code kinit master} sets up once the API server answers: the bootstrap tokens nodes join
 * with, the control-plane node's taints, whether the certificates are uploaded for other control
 * planes (and the key that encrypts them), and a pod network manifest replacing kboot's own.
 * Defaults, then the InitConfiguration, then flags.
 *
 * @param taints the control-plane node's taints; kubeadm's default is
 *     {@code node-role.kubernetes.io/control-plane:NoSchedule}, and an empty list in the file means none
 * @param certificateKey the file's or --certificate-key; empty means one is generated when needed
 * @param restore a backup the control plane is rebuilt from (--restore-from), instead of a new cluster
 */
public record InitBootstrap(List<TokenSpec> tokens, List<Kubeadm.Taint> taints, boolean uploadCerts,
        Optional<CertificateKey> certificateKey, List<ObjectNode> podNetworkManifest, Optional<Restore> restore) {

    public static final Kubeadm.Taint CONTROL_PLANE_TAINT =
            new Kubeadm.Taint("node-role.kubernetes.io/control-plane", null, "NoSchedule", null);
    public static final List<String> DEFAULT_USAGES = List.of("signing", "authentication");
    public static final List<String> DEFAULT_GROUPS = List.of("system:bootstrappers:kubeadm:default-node-token");

    /** One bootstrap token to create; without a value, kboot generates one. */
    public record TokenSpec(Optional<BootstrapToken> token, Duration ttl, Optional<String> description, List<String> usages,
            List<String> groups) {
        public TokenSpec {
            usages = List.copyOf(usages);
            groups = List.copyOf(groups);
        }

        static TokenSpec defaults() {
            return new TokenSpec(Optional.empty(), Defaults.TOKEN_TTL, Optional.empty(), DEFAULT_USAGES, DEFAULT_GROUPS);
        }
    }

    public InitBootstrap {
        tokens = List.copyOf(tokens);
        taints = List.copyOf(taints);
        podNetworkManifest = List.copyOf(podNetworkManifest);
    }

    /** The objects of --pod-network-manifest, applied instead of kboot's built-in pod network. */
    public InitBootstrap withPodNetworkManifest(List<ObjectNode> objects) {
        return new InitBootstrap(tokens, taints, uploadCerts, certificateKey, objects, restore);
    }

    /** The same, rebuilding the cluster from a backup. */
    public InitBootstrap withRestore(Restore from) {
        return new InitBootstrap(tokens, taints, uploadCerts, certificateKey, podNetworkManifest, Optional.of(from));
    }

    /** The same with other tokens to create (none: the caller makes its own). */
    public InitBootstrap withTokens(List<TokenSpec> other) {
        return new InitBootstrap(other, taints, uploadCerts, certificateKey, podNetworkManifest, restore);
    }

    /** kubeadm's --token and --token-ttl set the first token; --certificate-key replaces the file's. */
    static InitBootstrap from(Optional<Kubeadm.InitConfiguration> init, InitSettings.Flags flags) {
        List<TokenSpec> tokens = new ArrayList<>(init.map(Kubeadm.InitConfiguration::bootstrapTokens)
                .map(list -> list.stream().map(InitBootstrap::tokenSpec).toList())
                .filter(list -> !list.isEmpty())
                .orElse(List.of(TokenSpec.defaults())));
        TokenSpec first = tokens.get(0);
        tokens.set(0, new TokenSpec(flags.token.or(first::token), flags.tokenTtl.orElse(first.ttl()), first.description(),
                first.usages(), first.groups()));
        List<Kubeadm.Taint> taints = init.map(Kubeadm.InitConfiguration::nodeRegistration).map(Kubeadm.NodeRegistration::taints)
                .orElse(List.of(CONTROL_PLANE_TAINT));
        Optional<CertificateKey> key = flags.certificateKey
                .or(() -> init.map(Kubeadm.InitConfiguration::certificateKey).map(CertificateKey::parse));
        return new InitBootstrap(tokens, taints, flags.uploadCerts, key, List.of(), Optional.empty());
    }

    private static TokenSpec tokenSpec(Kubeadm.BootstrapTokenSpec spec) {
        return new TokenSpec(Optional.ofNullable(spec.token()).map(BootstrapToken::parse),
                Optional.ofNullable(spec.ttl()).map(GoDuration::parse).orElse(Defaults.TOKEN_TTL),
                Optional.ofNullable(spec.description()),
                Optional.ofNullable(spec.usages()).orElse(DEFAULT_USAGES),
                Optional.ofNullable(spec.groups()).orElse(DEFAULT_GROUPS));
    }
}
