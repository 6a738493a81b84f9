package io.kboot.apply;

import io.kboot.token.CertificateKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each of apply's stages that act hands the next: the way into the cluster (from observe, or
 * made by init), the key joining control planes fetch the shared certificates with (from init or
 * upload-certs), kboot's state as last written, and in a dry run what prepare would change per host.
 *
 * @param prepared by host name, one line per change; only hosts prepared through a dry run
 */
record Applied(Optional<ClusterAccess> access, Optional<CertificateKey> certificateKey, Optional<ClusterState> state,
        Map<String, List<String>> prepared) {

    Applied {
        prepared = Map.copyOf(prepared);
    }

    /** Where acting starts: what observe found, no key yet, nothing prepared. */
    static Applied from(Observed observed) {
        return new Applied(observed.access(), Optional.empty(), observed.observation().state(), Map.of());
    }

    /** The way into the cluster; every stage after init has one (the plan inits a cluster that does not answer). */
    ClusterAccess cluster() {
        return access.orElseThrow(() -> new IllegalStateException("no API server to act through"));
    }

    Applied withAccess(ClusterAccess next) {
        return new Applied(Optional.of(next), certificateKey, state, prepared);
    }

    Applied withCertificateKey(CertificateKey key) {
        return new Applied(access, Optional.of(key), state, prepared);
    }

    Applied withState(ClusterState recorded) {
        return new Applied(access, certificateKey, Optional.of(recorded), prepared);
    }

    Applied withPrepared(Map<String, List<String>> changes) {
        return new Applied(access, certificateKey, state, changes);
    }
}
