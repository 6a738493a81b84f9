package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.config.AddonSwitches;
import io.kboot.templates.Templates;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When CoreDNS and kube-proxy count as rolled out: kubectl rollout status's rules, on the objects' status. */
class AddonRolloutTest {
    private static JsonNode object(String yaml) {
        return Templates.parseYaml(yaml);
    }

    @Test
    void onlyTheEnabledAddonsAreWaitedFor() {
        assertEquals("CoreDNS and kube-proxy", AddonRollout.names(AddonSwitches.BOTH));
        assertEquals("kube-proxy", AddonRollout.names(new AddonSwitches(false, true)));
        assertEquals("CoreDNS", AddonRollout.names(new AddonSwitches(true, false)));
        assertEquals("", AddonRollout.names(new AddonSwitches(false, false)));
    }

    @Test
    void aDaemonSetIsRolledOutWhenEveryNodesPodIsUpdatedAndAvailable() {
        assertEquals(Optional.of("the new spec is not observed yet"), AddonRollout.daemonSetLag(object("""
                metadata: {generation: 3}
                status: {observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3}
                """)));
        assertEquals(Optional.of("1 of 3 Pods updated"), AddonRollout.daemonSetLag(object("""
                metadata: {generation: 3}
                status: {observedGeneration: 3, desiredNumberScheduled: 3, updatedNumberScheduled: 1, numberAvailable: 3}
                """)));
        assertEquals(Optional.of("2 of 3 updated Pods available"), AddonRollout.daemonSetLag(object("""
                metadata: {generation: 3}
                status: {observedGeneration: 3, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2}
                """)));
        assertEquals(Optional.empty(), AddonRollout.daemonSetLag(object("""
                metadata: {generation: 3}
                status: {observedGeneration: 3, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3}
                """)));
    }

    @Test
    void aDeploymentIsRolledOutWhenNoOldReplicaIsLeftAndTheNewAreAvailable() {
        assertEquals(Optional.of("1 of 2 replicas updated"), AddonRollout.deploymentLag(object("""
                metadata: {generation: 2}
                spec: {replicas: 2}
                status: {observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2}
                """)));
        assertEquals(Optional.of("1 old replica(s) pending termination"), AddonRollout.deploymentLag(object("""
                metadata: {generation: 2}
                spec: {replicas: 2}
                status: {observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2}
                """)));
        assertEquals(Optional.of("1 of 2 updated replicas available"), AddonRollout.deploymentLag(object("""
                metadata: {generation: 2}
                spec: {replicas: 2}
                status: {observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1}
                """)));
        assertEquals(Optional.empty(), AddonRollout.deploymentLag(object("""
                metadata: {generation: 2}
                spec: {replicas: 2}
                status: {observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2}
                """)));
    }
}
