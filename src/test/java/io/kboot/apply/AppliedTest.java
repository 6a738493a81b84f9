package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.Host;
import io.kboot.host.RecordingHost;
import io.kboot.hostprep.NodeRole;
import io.kboot.token.CertificateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The value the stages that act hand on: where it starts, and that each stage changes only its part. */
class AppliedTest {
    private static final HostSpec CP1 = PlannerTest.host("cp1", NodeRole.CONTROL_PLANE);
    private static final ClusterState STATE = ClusterState.empty("lab").with(List.of(CP1), "v1.36.3", "0.1.0", Instant.EPOCH);

    /** A way into the cluster that is never used to call the API. */
    private static ClusterAccess access(Host host) {
        return new ClusterAccess(host, null, "/etc/kubernetes", "/etc/kubernetes/pki");
    }

    private static Observed observed(Optional<ClusterAccess> access, Optional<ClusterState> state) {
        Observation observation = new Observation(access.map(a -> a.apiHost().name()), Map.of(), state, Map.of());
        return new Observed(Map.of(), Map.of(), observation, access);
    }

    @Test
    void actingStartsFromWhatObserveFound() {
        ClusterAccess cp1 = access(new RecordingHost("cp1"));
        Applied start = Applied.from(observed(Optional.of(cp1), Optional.of(STATE)));

        assertEquals(new Applied(Optional.of(cp1), Optional.empty(), Optional.of(STATE), Map.of()), start);
        assertEquals(cp1, start.cluster());
    }

    @Test
    void aClusterYetToBeMadeHasNoWayInUntilInit() {
        Applied fresh = Applied.from(observed(Optional.empty(), Optional.empty()));

        assertTrue(fresh.access().isEmpty());
        assertTrue(fresh.state().isEmpty());
        assertThrows(IllegalStateException.class, fresh::cluster);
        ClusterAccess made = access(new RecordingHost("cp1"));
        assertEquals(made, fresh.withAccess(made).cluster());
    }

    @Test
    void eachStageChangesOnlyItsPart() {
        CertificateKey key = CertificateKey.generate(new SecureRandom());
        ClusterAccess cp1 = access(new RecordingHost("cp1"));
        Applied start = new Applied(Optional.of(cp1), Optional.empty(), Optional.empty(), Map.of());

        Map<String, List<String>> prepared = Map.of("w1", List.of("run: # kboot prepare/swap"));
        Applied next = start.withCertificateKey(key).withState(STATE).withPrepared(prepared);

        assertEquals(new Applied(Optional.of(cp1), Optional.of(key), Optional.of(STATE), prepared), next);
        assertEquals(new Applied(Optional.of(cp1), Optional.empty(), Optional.empty(), Map.of()), start,
                "the one before is unchanged");
    }
}
