package io.kboot.config;

import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import java.util.List;

/**
 * How kjoin finds and trusts the cluster, as kubeadm's discovery.bootstrapToken: the API server,
 * the token, and the pins of the cluster CA, or knowingly none.
 */
public record JoinDiscovery(Endpoint apiServerEndpoint, BootstrapToken token, List<CaCertHash> caCertHashes,
        boolean unsafeSkipCaVerification) {

    public JoinDiscovery {
        caCertHashes = List.copyOf(caCertHashes);
    }

    /** Discovery that refuses a cluster whose CA matches none of the pins. */
    public static JoinDiscovery pinned(Endpoint apiServerEndpoint, BootstrapToken token, List<CaCertHash> caCertHashes) {
        return new JoinDiscovery(apiServerEndpoint, token, caCertHashes, false);
    }
}
