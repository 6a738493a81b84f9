package io.kboot.cli;

import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.Endpoint;
import io.kboot.config.JoinSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.node.ControlPlaneNode;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.CertificateKey;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments and flags of {@code kjoin} (and of each of its {@code phase} subcommands). */
public final class JoinOptions {
    @Mixin
    NodeOptions node = new NodeOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "API_ENDPOINT",
            description = "The control plane's API server, HOST:PORT (as printed by kinit master).")
    Optional<Endpoint> endpoint = Optional.empty();

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bootstrap token, <6 chars>.<16 chars>, for discovery and TLS bootstrap.")
    Optional<BootstrapToken> token = Optional.empty();

    @Option(names = "--discovery-token-ca-cert-hash", paramLabel = "sha256:HEX",
            description = "Pin of the cluster CA's public key; the join is refused if the CA does not match. Repeatable.")
    List<CaCertHash> caCertHashes = new ArrayList<>();

    @Option(names = "--discovery-token-unsafe-skip-ca-verification",
            description = "Join without pinning the CA (anyone on the path can impersonate the cluster).")
    boolean unsafeSkipCaVerification;

    @Option(names = "--control-plane", description = "Join as another control-plane node.")
    boolean controlPlane;

    @Option(names = "--certificate-key", paramLabel = "HEX",
            description = "Key that decrypts the certificates uploaded by kinit master --upload-certs.")
    Optional<CertificateKey> certificateKey = Optional.empty();

    @Option(names = "--advertise-address", paramLabel = "IP",
            description = "With --control-plane: the address this API server advertises.")
    Optional<InetAddress> advertiseAddress = Optional.empty();

    @Option(names = "--apiserver-bind-port", paramLabel = "PORT", converter = Converters.Port.class,
            description = "With --control-plane: API server port (default: 6443).")
    Optional<Integer> bindPort = Optional.empty();

    @Option(names = "--kubernetes-version", paramLabel = "vX.Y.Z",
            description = "The release to prepare the node for without asking the cluster, for `kjoin phase prepare` ahead of"
                    + " the cluster (default: the cluster's, read after discovery). A join whose cluster runs another"
                    + " release is refused at discovery, before prepare.")
    Optional<KubernetesVersion> kubernetesVersion = Optional.empty();

    @Option(names = "--config", paramLabel = "FILE", description = "kubeadm v1beta4 JoinConfiguration. Flags override it.")
    Optional<Path> config = Optional.empty();

    /** The merged settings; bad input fails here, before any host is touched. */
    JoinSettings settings() {
        ConfigDocuments docs = config.map(ConfigLoader::load).orElseGet(ConfigDocuments::none);
        JoinSettings settings = JoinSettings.from(docs, flags());
        kubernetesVersion.ifPresent(v -> ControlPlaneNode.requireSupported(v, Optional.of("--kubernetes-version")));
        return settings.withRun(node.withTimeoutFlags(settings.run()));
    }

    private JoinSettings.Flags flags() {
        JoinSettings.Flags flags = new JoinSettings.Flags();
        node.fill(flags.node, flags.run);
        flags.node.advertiseAddress = advertiseAddress;
        flags.node.bindPort = bindPort;
        flags.apiServerEndpoint = endpoint;
        flags.token = token;
        flags.caCertHashes = List.copyOf(caCertHashes);
        flags.unsafeSkipCaVerification = unsafeSkipCaVerification;
        flags.controlPlane = controlPlane;
        flags.certificateKey = certificateKey;
        flags.kubernetesVersion = kubernetesVersion;
        return flags;
    }
}
