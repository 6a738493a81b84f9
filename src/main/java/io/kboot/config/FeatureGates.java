package io.kboot.config;

import java.util.Map;
import java.util.Optional;

/**
 * kubeadm's own feature gates (ClusterConfiguration featureGates), as kubeadm v1.36's features.go
 * has them: NodeLocalCRISocket (GA, locked to true), PublicKeysECDSA (deprecated) and
 * RootlessControlPlane (alpha). Any other name is refused, as kubeadm refuses it.
 */
final class FeatureGates {
    static final String NODE_LOCAL_CRI_SOCKET = "NodeLocalCRISocket";
    static final String PUBLIC_KEYS_ECDSA = "PublicKeysECDSA";
    static final String ROOTLESS_CONTROL_PLANE = "RootlessControlPlane";

    private FeatureGates() {}

    /**
     * Why kboot refuses this gate at this value, if it does.
     *
     * @throws IllegalArgumentException for a name kubeadm does not know
     */
    static Optional<String> refusal(String name, boolean enabled) {
        return switch (name) {
            // kboot writes the node's CRI socket to /var/lib/kubelet/instance-config.yaml, the gate's GA behaviour.
            case NODE_LOCAL_CRI_SOCKET -> enabled ? Optional.empty() : Optional.of(NODE_LOCAL_CRI_SOCKET + "=false is not"
                    + " supported by kboot yet: kboot always keeps the CRI socket in the node's instance-config.yaml (kubeadm"
                    + " v1.36 locks the gate to true)");
            case PUBLIC_KEYS_ECDSA -> Optional.empty();
            case ROOTLESS_CONTROL_PLANE -> enabled ? Optional.of(ROOTLESS_CONTROL_PLANE + " is not supported by kboot yet: the"
                    + " control plane's static Pods run as root") : Optional.empty();
            default -> throw new IllegalArgumentException(Echo.quote(name) + " is not a valid feature name (kubeadm v1.36's"
                    + " gates: " + NODE_LOCAL_CRI_SOCKET + ", " + PUBLIC_KEYS_ECDSA + ", " + ROOTLESS_CONTROL_PLANE + ")");
        };
    }

    /**
     * kubeadm's EncryptionAlgorithmType: PublicKeysECDSA, when given, wins over encryptionAlgorithm
     * (true: ECDSA-P256, false: RSA-2048).
     */
    static Optional<String> encryptionAlgorithm(Optional<Kubeadm.ClusterConfiguration> cluster) {
        return cluster.map(Kubeadm.ClusterConfiguration::featureGates)
                .map((Map<String, Boolean> gates) -> gates.get(PUBLIC_KEYS_ECDSA))
                .map(ecdsa -> ecdsa ? "ECDSA-P256" : "RSA-2048");
    }
}
