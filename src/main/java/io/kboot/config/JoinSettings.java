package io.kboot.config;

import io.kboot.KbootException;
import io.kboot.patches.Patches;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code kjoin} needs: where the API server is, how to trust it (token + CA pins),
 * and how to register the node. Defaults, then the JoinConfiguration document, then flags.
 */
public record JoinSettings(
        Endpoint apiServerEndpoint,
        BootstrapToken token,
        List<CaCertHash> caCertHashes,
        boolean unsafeSkipCaVerification,
        Optional<String> nodeName,
        String criSocket,
        boolean controlPlane,
        Optional<InetAddress> advertiseAddress,
        int bindPort,
        Optional<String> certificateKey,
        Set<String> ignorePreflightErrors,
        Set<String> skipPhases,
        Patches patches,
        Timeouts timeouts) {

    public JoinSettings {
        caCertHashes = List.copyOf(caCertHashes);
        ignorePreflightErrors = Set.copyOf(ignorePreflightErrors);
        skipPhases = Set.copyOf(skipPhases);
    }

    /** Values given on the command line; empty means "not given". */
    public record Flags(
            Optional<Endpoint> apiServerEndpoint,
            Optional<BootstrapToken> token,
            List<CaCertHash> caCertHashes,
            boolean unsafeSkipCaVerification,
            Optional<String> nodeName,
            Optional<String> criSocket,
            boolean controlPlane,
            Optional<InetAddress> advertiseAddress,
            Optional<Integer> bindPort,
            Optional<String> certificateKey,
            Set<String> ignorePreflightErrors,
            Set<String> skipPhases) {}

    /** @throws KbootException.InvalidInput if the endpoint, the token or the CA trust is missing */
    public static JoinSettings from(ConfigDocuments docs, Flags flags) {
        return from(docs, flags, Optional.empty());
    }

    /** As {@link #from(ConfigDocuments, Flags)}, with {@code --patches}, which wins over JoinConfiguration's {@code patches.directory}. */
    public static JoinSettings from(ConfigDocuments docs, Flags flags, Optional<Path> patchesFlag) {
        Optional<Kubeadm.JoinConfiguration> join = docs.join();
        Optional<Kubeadm.BootstrapTokenDiscovery> discovery = join.map(Kubeadm.JoinConfiguration::discovery)
                .map(Kubeadm.Discovery::bootstrapToken);
        Optional<Kubeadm.NodeRegistration> registration = join.map(Kubeadm.JoinConfiguration::nodeRegistration);
        Optional<Kubeadm.JoinControlPlane> controlPlane = join.map(Kubeadm.JoinConfiguration::controlPlane);
        Optional<Kubeadm.APIEndpoint> local = controlPlane.map(Kubeadm.JoinControlPlane::localAPIEndpoint);

        Endpoint endpoint = flags.apiServerEndpoint()
                .or(() -> discovery.map(Kubeadm.BootstrapTokenDiscovery::apiServerEndpoint).map(Endpoint::parse))
                .orElseThrow(() -> new KbootException.InvalidInput(
                        "no API server endpoint: give it as the first argument, e.g. kjoin 192.168.56.10:6443 ..."));
        BootstrapToken token = flags.token()
                .or(() -> discovery.map(Kubeadm.BootstrapTokenDiscovery::token).map(BootstrapToken::parse))
                .orElseThrow(() -> new KbootException.InvalidInput("no bootstrap token: pass --token <id>.<secret>"));
        List<CaCertHash> hashes = !flags.caCertHashes().isEmpty() ? flags.caCertHashes()
                : discovery.map(Kubeadm.BootstrapTokenDiscovery::caCertHashes).orElse(List.of()).stream()
                        .map(CaCertHash::parse).toList();
        boolean unsafe = flags.unsafeSkipCaVerification()
                || discovery.map(Kubeadm.BootstrapTokenDiscovery::unsafeSkipCAVerification).orElse(false);
        if (hashes.isEmpty() && !unsafe) {
            throw new KbootException.InvalidInput("no CA pin: pass --discovery-token-ca-cert-hash sha256:<hex> (kinit prints it),"
                    + " or, knowingly, --discovery-token-unsafe-skip-ca-verification");
        }
        Set<String> ignored = InitSettings.mergedIgnoredChecks(registration, flags.ignorePreflightErrors());
        Set<String> skipped = new LinkedHashSet<>(join.map(Kubeadm.JoinConfiguration::skipPhases).orElse(List.of()));
        skipped.addAll(flags.skipPhases());
        boolean isControlPlane = flags.controlPlane() || controlPlane.isPresent();
        Optional<String> certificateKey = flags.certificateKey().or(() -> controlPlane.map(Kubeadm.JoinControlPlane::certificateKey));
        certificateKey.ifPresent(JoinSettings::requireCertificateKey);
        if (certificateKey.isPresent() && !isControlPlane) {
            throw new KbootException.InvalidInput("--certificate-key is for joining a control plane: add --control-plane,"
                    + " or leave the key out to join a worker");
        }
        return new JoinSettings(endpoint, token, hashes, unsafe,
                flags.nodeName().or(() -> registration.map(Kubeadm.NodeRegistration::name)),
                flags.criSocket().or(() -> registration.map(Kubeadm.NodeRegistration::criSocket)).orElse(Defaults.CRI_SOCKET),
                isControlPlane,
                flags.advertiseAddress().or(() -> local.map(Kubeadm.APIEndpoint::advertiseAddress).flatMap(IpAddresses::parse)),
                flags.bindPort().or(() -> local.map(Kubeadm.APIEndpoint::bindPort)).orElse(Defaults.API_BIND_PORT),
                certificateKey, ignored, skipped,
                patchesFlag.or(() -> join.map(Kubeadm.JoinConfiguration::patches).map(Kubeadm.Patches::directory).map(Path::of))
                        .map(Patches::load).orElse(Patches.none()),
                Timeouts.from(join.map(Kubeadm.JoinConfiguration::timeouts)));
    }

    /** The same settings with other wait bounds: {@code --timeout} flags over the file's. */
    public JoinSettings withTimeouts(Timeouts timeouts) {
        return new JoinSettings(apiServerEndpoint, token, caCertHashes, unsafeSkipCaVerification, nodeName, criSocket, controlPlane,
                advertiseAddress, bindPort, certificateKey, ignorePreflightErrors, skipPhases, patches, timeouts);
    }

    /** kubeadm's certificate key: 32 random bytes, hex-encoded. Never echoed: it is a secret. */
    static void requireCertificateKey(String key) {
        try {
            ValueRules.certificateKey(key);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput(e.getMessage());
        }
    }
}
