package io.kboot.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which pods a drain evicts, deletes, skips or refuses: kubectl drain's filters, read from the Pods' JSON. */
class TriageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DrainPod pod(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return DrainPod.of(node);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final DrainPod WEB = pod("""
            {"metadata": {"namespace": "shop", "name": "web-1", "uid": "u1",
              "ownerReferences": [{"kind": "ReplicaSet", "name": "web", "controller": true}]},
             "spec": {"volumes": [{"name": "conf", "configMap": {"name": "web"}}]}, "status": {"phase": "Running"}}""");
    private static final DrainPod PROXY = pod("""
            {"metadata": {"namespace": "kube-system", "name": "kube-proxy-x", "uid": "u2",
              "ownerReferences": [{"kind": "DaemonSet", "name": "kube-proxy", "controller": true}]},
             "spec": {"volumes": [{"name": "tmp", "emptyDir": {}}]}, "status": {"phase": "Running"}}""");
    private static final DrainPod ETCD = pod("""
            {"metadata": {"namespace": "kube-system", "name": "etcd-cp1", "uid": "u3",
              "annotations": {"kubernetes.io/config.mirror": "abc"},
              "ownerReferences": [{"kind": "Node", "name": "cp1", "controller": true}]},
             "status": {"phase": "Running"}}""");
    private static final DrainPod CACHE = pod("""
            {"metadata": {"namespace": "shop", "name": "cache-1", "uid": "u4",
              "ownerReferences": [{"kind": "StatefulSet", "name": "cache", "controller": true}]},
             "spec": {"volumes": [{"name": "data", "emptyDir": {"medium": "Memory"}}]}, "status": {"phase": "Running"}}""");
    private static final DrainPod DEBUG = pod("""
            {"metadata": {"namespace": "default", "name": "debug", "uid": "u5",
              "ownerReferences": [{"kind": "ConfigMap", "name": "not-a-controller"}]}, "status": {"phase": "Running"}}""");
    private static final DrainPod DONE = pod("""
            {"metadata": {"namespace": "default", "name": "job-once", "uid": "u6"},
             "spec": {"volumes": [{"name": "scratch", "emptyDir": {}}]}, "status": {"phase": "Succeeded"}}""");

    private static final List<DrainPod> ALL = List.of(WEB, PROXY, ETCD, CACHE, DEBUG, DONE);

    @Test
    void aPodIsReadAsTheDrainNeedsIt() {
        assertEquals(Optional.of("ReplicaSet"), WEB.controllerKind());
        assertEquals(Optional.empty(), DEBUG.controllerKind(), "an owner that is not the controller makes no controller");
        assertTrue(ETCD.mirror());
        assertTrue(CACHE.emptyDir());
        assertFalse(WEB.emptyDir(), "a configMap volume holds no data of the pod's own");
        assertTrue(DONE.terminal());
        assertEquals("Pending", pod("{\"metadata\": {\"name\": \"new\"}}").phase(), "a pod without status is Pending");
        assertEquals("shop/web-1", WEB.toString());
    }

    @Test
    void daemonSetAndMirrorPodsAreSkippedFinishedOnesDeletedAndTheRestRefusedWithoutTheFlags() {
        Triage triage = Triage.of(ALL, DrainOptions.defaults());
        assertEquals(List.of(WEB), triage.evict());
        assertEquals(List.of(DONE), triage.delete(), "a finished pod goes whatever its data or owner");
        assertEquals(List.of(PROXY), triage.daemonSetPods(), "a DaemonSet pod's emptyDir does not matter: it stays");
        assertEquals(List.of(ETCD), triage.mirrorPods());
        assertEquals(List.of(CACHE), triage.withEmptyDir());
        assertEquals(List.of(DEBUG), triage.unmanaged());
        assertTrue(triage.refused());
        String refusal = triage.refusal("w1");
        assertTrue(refusal.startsWith("cannot drain node w1, nothing was evicted: "), refusal);
        assertTrue(refusal.contains("(add --delete-emptydir-data to evict them anyway): shop/cache-1"), refusal);
        assertTrue(refusal.contains("(add --force-drain to delete them anyway): default/debug"), refusal);
        assertEquals(List.of("ignoring DaemonSet-managed pods: kube-system/kube-proxy-x",
                "ignoring mirror pods of static Pods (the kubelet owns them): kube-system/etcd-cp1"), triage.skipped());
    }

    @Test
    void eachFlagLetsItsOwnPodsGo() {
        Triage emptyDir = Triage.of(ALL, new DrainOptions(true, Duration.ofMinutes(5), true, false));
        assertEquals(List.of(WEB, CACHE), emptyDir.evict());
        assertEquals(List.of(DEBUG), emptyDir.unmanaged());
        assertTrue(emptyDir.withEmptyDir().isEmpty());
        assertFalse(emptyDir.refusal("w1").contains("emptydir"), emptyDir.refusal("w1"));

        Triage force = Triage.of(ALL, new DrainOptions(true, Duration.ofMinutes(5), false, true));
        assertEquals(List.of(WEB, DEBUG), force.evict());
        assertEquals(List.of(CACHE), force.withEmptyDir());

        Triage both = Triage.of(ALL, new DrainOptions(true, Duration.ofMinutes(5), true, true));
        assertFalse(both.refused());
        assertEquals(List.of(WEB, CACHE, DEBUG), both.evict());
        assertEquals(List.of(PROXY), both.daemonSetPods(), "--force-drain never evicts DaemonSet pods");
    }

    @Test
    void anUnmanagedPodWithEmptyDirNeedsBothFlags() {
        DrainPod scratch = pod("""
                {"metadata": {"namespace": "default", "name": "scratch", "uid": "u7"},
                 "spec": {"volumes": [{"name": "tmp", "emptyDir": {}}]}, "status": {"phase": "Running"}}""");
        Triage triage = Triage.of(List.of(scratch), new DrainOptions(true, Duration.ofMinutes(5), false, true));
        assertEquals(List.of(scratch), triage.withEmptyDir());
        assertTrue(triage.evict().isEmpty());
    }

    @Test
    void theTimeoutIsPositive() {
        assertThrows(IllegalArgumentException.class, () -> new DrainOptions(true, Duration.ZERO, false, false));
        assertThrows(IllegalArgumentException.class, () -> new DrainOptions(true, Duration.ofMinutes(-1), false, false));
        assertEquals(new DrainOptions(true, Duration.ofMinutes(5), false, false), DrainOptions.defaults());
    }

    @Test
    void theMessagesNameEveryPodThatIsLeftAndWhy() {
        String left = Drain.notEvicted(Map.of(WEB, "Cannot evict pod as it would violate the pod's disruption budget."
                + " The disruption budget web needs 2 healthy pods and has 2 currently"), Set.of(CACHE));
        assertEquals("1 pod(s) not evicted: shop/web-1 (Cannot evict pod as it would violate the pod's disruption budget."
                + " The disruption budget web needs 2 healthy pods and has 2 currently); 1 pod(s) evicted but not gone yet"
                + " (their kubelet has not confirmed they stopped): shop/cache-1", left);
        Drained drained = new Drained("w1", true, true, 3, 1, List.of("kube-system/kube-proxy-x"), Duration.ofMillis(14_400));
        assertEquals("drained node w1 in 14s: 3 pod(s) evicted, 1 finished pod(s) deleted, 1 skipped (DaemonSet-managed or"
                + " mirror)", drained.summary());
        assertEquals("node w1 not drained", Drained.notDrained("w1").summary());
    }
}
