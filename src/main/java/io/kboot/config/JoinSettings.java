package io.kboot.config;

import io.kboot.KbootException;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.CertificateKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code kjoin} needs: where the API server is and how to trust it, how to register
 * the node, whether it joins as a control plane (with the key of the uploaded certificates), and
 * how this run goes. Defaults, then the JoinConfiguration document, then flags.
 */
public record JoinSettings(JoinDiscovery discovery, NodeSettings node, boolean controlPlane,
        Optional<CertificateKey> certificateKey, Optional<KubernetesVersion> kubernetesVersion, RunOptions run) {

    /** Values given on the command line; empty means "not given". */
    public static final class Flags {
        public final NodeSettings.Flags node = new NodeSettings.Flags();
        public final RunOptions.Flags run = new RunOptions.Flags();
        public Optional<Endpoint> apiServerEndpoint = Optional.empty();
        public Optional<BootstrapToken> token = Optional.empty();
        public List<CaCertHash> caCertHashes = List.of();
        public boolean unsafeSkipCaVerification;
        public boolean controlPlane;
        public Optional<CertificateKey> certificateKey = Optional.empty();
        public Optional<KubernetesVersion> kubernetesVersion = Optional.empty();
    }

    /**
     * Merges defaults, the JoinConfiguration (already validated) and flags; --patches is read here, on the workstation.
     *
     * @throws KbootException.InvalidInput if the endpoint, the token or the CA trust is missing
     */
    public static JoinSettings from(ConfigDocuments docs, Flags flags) {
        Optional<Kubeadm.JoinConfiguration> join = docs.join();
        Optional<Kubeadm.NodeRegistration> registration = join.map(Kubeadm.JoinConfiguration::nodeRegistration);
        Optional<Kubeadm.JoinControlPlane> controlPlane = join.map(Kubeadm.JoinConfiguration::controlPlane);
        JoinDiscovery discovery = discovery(join.map(Kubeadm.JoinConfiguration::discovery).map(Kubeadm.Discovery::bootstrapToken),
                flags);
        Set<String> ignored = RunOptions.ignoredChecks(registration, flags.run);
        boolean isControlPlane = flags.controlPlane || controlPlane.isPresent();
        Optional<CertificateKey> certificateKey = flags.certificateKey
                .or(() -> controlPlane.map(Kubeadm.JoinControlPlane::certificateKey).map(CertificateKey::parse));
        if (certificateKey.isPresent() && !isControlPlane) {
            throw new KbootException.InvalidInput("--certificate-key is for joining a control plane: add --control-plane,"
                    + " or leave the key out to join a worker");
        }
        return new JoinSettings(discovery,
                NodeSettings.from(flags.node, registration, controlPlane.map(Kubeadm.JoinControlPlane::localAPIEndpoint)),
                isControlPlane, certificateKey, flags.kubernetesVersion,
                RunOptions.from(ignored, join.map(Kubeadm.JoinConfiguration::skipPhases),
                        join.map(Kubeadm.JoinConfiguration::patches), join.map(Kubeadm.JoinConfiguration::timeouts), flags.run));
    }

    private static JoinDiscovery discovery(Optional<Kubeadm.BootstrapTokenDiscovery> discovery, Flags flags) {
        Endpoint endpoint = flags.apiServerEndpoint
                .or(() -> discovery.map(Kubeadm.BootstrapTokenDiscovery::apiServerEndpoint).map(Endpoint::parse))
                .orElseThrow(() -> new KbootException.InvalidInput(
                        "no API server endpoint: give it as the first argument, e.g. kjoin 192.168.56.10:6443 ..."));
        BootstrapToken token = flags.token
                .or(() -> discovery.map(Kubeadm.BootstrapTokenDiscovery::token).map(BootstrapToken::parse))
                .orElseThrow(() -> new KbootException.InvalidInput("no bootstrap token: pass --token <id>.<secret>"));
        List<CaCertHash> hashes = !flags.caCertHashes.isEmpty() ? flags.caCertHashes
                : discovery.map(Kubeadm.BootstrapTokenDiscovery::caCertHashes).orElse(List.of()).stream()
                        .map(CaCertHash::parse).toList();
        boolean unsafe = flags.unsafeSkipCaVerification
                || discovery.map(Kubeadm.BootstrapTokenDiscovery::unsafeSkipCAVerification).orElse(false);
        if (hashes.isEmpty() && !unsafe) {
            throw new KbootException.InvalidInput("no CA pin: pass --discovery-token-ca-cert-hash sha256:<hex> (kinit prints it),"
                    + " or, knowingly, --discovery-token-unsafe-skip-ca-verification");
        }
        return new JoinDiscovery(endpoint, token, hashes, unsafe);
    }

    /** The same settings with this run's options changed. */
    public JoinSettings withRun(RunOptions other) {
        return new JoinSettings(discovery, node, controlPlane, certificateKey, kubernetesVersion, other);
    }
}
