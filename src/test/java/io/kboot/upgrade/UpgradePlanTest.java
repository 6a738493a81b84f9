package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.config.KubernetesVersion;
import io.kboot.controlplane.Component;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan as kubeadm upgrade plan prints it, and the same facts as JSON. */
class UpgradePlanTest {
    static final ClusterVersions V135 = new ClusterVersions(KubernetesVersion.parse("v1.35.4"), List.of(
            new ClusterVersions.NodeVersions("cp1", true, Optional.of("v1.35.4"), Map.of(Component.ETCD, "3.6.6-0",
                    Component.KUBE_APISERVER, "v1.35.4", Component.KUBE_CONTROLLER_MANAGER, "v1.35.4",
                    Component.KUBE_SCHEDULER, "v1.35.4")),
            new ClusterVersions.NodeVersions("w1", false, Optional.of("v1.35.4"), Map.of())),
            Optional.of("v1.13.1"), Optional.of("v1.35.4"));

    @Test
    void theTableHasEveryComponentPerNodeWithTheTargetsPins() {
        UpgradePlan plan = UpgradePlan.of(V135, KubernetesVersion.parse("v1.36.3"), "--to", Optional.empty());
        assertEquals("Upgrade plan: v1.35.4 → v1.36.3 (target from --to)", plan.title());
        assertEquals(List.of(
                "Cluster version (kube-system/kubeadm-config): v1.35.4",
                "Target version: v1.36.3 (etcd 3.6.8-0, CoreDNS v1.14.2)",
                "",
                "COMPONENT                 NODE   CURRENT   TARGET",
                "etcd                      cp1    3.6.6-0   3.6.8-0",
                "kube-apiserver            cp1    v1.35.4   v1.36.3",
                "kube-controller-manager   cp1    v1.35.4   v1.36.3",
                "kube-scheduler            cp1    v1.35.4   v1.36.3",
                "kubelet                   cp1    v1.35.4   v1.36.3",
                "kubelet                   w1     v1.35.4   v1.36.3",
                "CoreDNS                          v1.13.1   v1.14.2",
                "kube-proxy                       v1.35.4   v1.36.3",
                "",
                "Version skew policy:",
                "  pass      [minor-upgrade] v1.35.4 → v1.36.3: at most 1 minor release up",
                "  pass      [minor-downgrade] v1.35.4 → v1.36.3: not a minor downgrade",
                "  pass      [known-release] kboot makes control planes of v1.36 (templates/versions.yaml,"
                        + " templates/static-pods/releases.yaml)",
                "  pass      [kubelet-skew] every kubelet is at most 3 minor releases behind v1.36.3",
                "  pass      [etcd-downgrade] etcd 3.6.6-0 → 3.6.8-0: not a downgrade",
                "",
                "Upgrade with: kboot upgrade apply v1.36.3 --host cp1 --bundle <bundle of v1.36.3>, then kboot upgrade node on"
                        + " every other node (or kboot apply -f with the new kubernetesVersion)."),
                plan.describe());
    }

    @Test
    void aNewerEtcdStaysAndUnknownPinsAreMarked() {
        ClusterVersions newerEtcd = new ClusterVersions(KubernetesVersion.parse("v1.35.4"), List.of(
                new ClusterVersions.NodeVersions("cp1", true, Optional.empty(), Map.of(Component.ETCD, "3.7.0-0"))),
                Optional.empty(), Optional.empty());
        UpgradePlan plan = UpgradePlan.of(newerEtcd, KubernetesVersion.parse("v1.36.3"), "--to", Optional.empty());
        assertEquals(new UpgradePlan.Change("etcd", "cp1", "3.7.0-0", "3.7.0-0"), plan.changes().get(0));
        assertEquals(new UpgradePlan.Change("kube-apiserver", "cp1", "-", "v1.36.3"), plan.changes().get(1));
        assertEquals(new UpgradePlan.Change("kubelet", "cp1", "-", "v1.36.3"), plan.changes().get(4));
        assertTrue(plan.describe().contains("  notice    [etcd-downgrade] etcd 3.7.0-0 runs on cp1, newer than v1.36's 3.6.8-0:"
                + " etcd is never downgraded, its upgrade is skipped"), plan.describe()::toString);

        UpgradePlan unknown = UpgradePlan.of(V135, KubernetesVersion.parse("v1.37.0"), "--to", Optional.empty());
        assertEquals(new UpgradePlan.Change("etcd", "cp1", "3.6.6-0", "?"), unknown.changes().get(0));
        assertTrue(unknown.describe().contains("Target version: v1.37.0 (etcd ?, CoreDNS ?)"));
        assertEquals("The version skew policy refuses this upgrade.", unknown.describe().get(unknown.describe().size() - 1));
    }

    @Test
    void theRunningReleaseIsNothingToUpgradeAndASkippableRefusalSaysForce() {
        UpgradePlan same = UpgradePlan.of(V135, KubernetesVersion.parse("v1.35.4"), "cluster.yaml", Optional.empty());
        assertTrue(same.describe().contains("  notice    [nothing-to-upgrade] kube-system/kubeadm-config says the cluster runs"
                + " v1.35.4 already: nothing to upgrade on the control plane"), same.describe()::toString);
        assertEquals("The control plane runs v1.35.4 already; nodes still on another release are upgraded with kboot upgrade"
                + " node.", same.describe().get(same.describe().size() - 1));
        assertTrue(same.changes().stream().filter(c -> !c.component().equals("etcd") && !c.component().equals("CoreDNS"))
                .noneMatch(UpgradePlan.Change::changes));

        UpgradePlan down = UpgradePlan.of(V135, KubernetesVersion.parse("v1.35.2"), "--to", Optional.empty());
        assertEquals("The version skew policy refuses this upgrade unless --force is given.",
                down.describe().get(down.describe().size() - 1));
        assertTrue(down.describe().contains("  skippable [patch-downgrade] v1.35.4 → v1.35.2 goes down a patch release"
                + " (skippable with --force)"), down.describe()::toString);
    }

    @Test
    void theJsonCarriesTheSameFacts() {
        JsonNode json = UpgradePlan.of(V135, KubernetesVersion.parse("v1.36.3"), "--bundle b.tar",
                Optional.of(KubernetesVersion.parse("v1.36.2"))).toJson();
        assertEquals("v1.35.4", json.get("clusterVersion").asText());
        assertEquals("v1.36.3", json.get("target").asText());
        assertEquals("--bundle b.tar", json.get("targetFrom").asText());
        assertEquals("3.6.8-0", json.get("targetEtcd").asText());
        assertEquals("v1.14.2", json.get("targetCoreDns").asText());
        assertEquals("3.6.6-0", json.get("nodes").get(0).get("staticPods").get("etcd").asText());
        assertTrue(json.get("nodes").get(1).get("staticPods").isEmpty());
        assertEquals("v1.13.1", json.get("coreDns").asText());
        JsonNode coreDns = json.get("changes").get(6);
        assertEquals("CoreDNS", coreDns.get("component").asText());
        assertTrue(coreDns.get("node").isNull());
        assertEquals("v1.14.2", coreDns.get("target").asText());
        assertTrue(coreDns.get("changes").asBoolean());
        JsonNode bundle = json.get("verdicts").get(3);
        assertEquals("bundle-version", bundle.get("rule").asText());
        assertEquals("refused", bundle.get("outcome").asText());
        assertTrue(json.get("refused").asBoolean());
        assertFalse(json.get("nothingToUpgrade").asBoolean());
    }
}
