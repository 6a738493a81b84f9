package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.controlplane.Component;
import io.kboot.upgrade.SkewPolicy.Outcome;
import io.kboot.upgrade.SkewPolicy.Verdict;
import io.kboot.upgrade.SkewPolicy.Verdicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every rule of kubeadm's skew policy, both ways, with its message. */
class SkewPolicyTest {

    static KubernetesVersion v(String text) {
        return KubernetesVersion.parse(text);
    }

    /** A cluster whose kubeadm-config says {@code configured}, one control plane running {@code etcd}, and these kubelets. */
    static ClusterVersions cluster(String configured, String etcd, String... kubelets) {
        List<ClusterVersions.NodeVersions> nodes = new ArrayList<>();
        nodes.add(new ClusterVersions.NodeVersions("cp1", true, Optional.of(configured),
                Map.of(Component.ETCD, etcd, Component.KUBE_APISERVER, configured)));
        for (int i = 0; i < kubelets.length; i++) {
            nodes.add(new ClusterVersions.NodeVersions("w" + (i + 1), false,
                    kubelets[i].isEmpty() ? Optional.empty() : Optional.of(kubelets[i]), Map.of()));
        }
        return new ClusterVersions(v(configured), nodes, Optional.of("v1.13.1"), Optional.of(configured));
    }

    static Verdict verdict(Verdicts verdicts, String rule) {
        return verdicts.verdict(rule).orElseThrow(() -> new AssertionError("no verdict " + rule + " in " + verdicts.all()));
    }

    @Test
    void oneMinorUpIsTheUpgradeEveryRulePasses() {
        Verdicts verdicts = SkewPolicy.check(cluster("v1.35.4", "3.6.6-0", "v1.35.4"), v("v1.36.3"), Optional.of(v("v1.36.3")));
        assertEquals(List.of("minor-upgrade", "minor-downgrade", "known-release", "bundle-version", "kubelet-skew",
                "etcd-downgrade"), verdicts.all().stream().map(Verdict::rule).toList());
        verdicts.all().forEach(v -> assertEquals(Outcome.PASS, v.outcome(), v::toString));
        assertEquals("v1.35.4 → v1.36.3: at most 1 minor release up", verdict(verdicts, "minor-upgrade").message());
        assertEquals("kboot makes control planes of v1.36 (templates/versions.yaml, templates/static-pods/releases.yaml)",
                verdict(verdicts, "known-release").message());
        assertEquals("the bundle carries v1.36.3", verdict(verdicts, "bundle-version").message());
        assertEquals("every kubelet is at most 3 minor releases behind v1.36.3", verdict(verdicts, "kubelet-skew").message());
        assertEquals("etcd 3.6.6-0 → 3.6.8-0: not a downgrade", verdict(verdicts, "etcd-downgrade").message());
        assertTrue(verdicts.blocking(false).isEmpty());
        assertFalse(verdicts.nothingToUpgrade());
        assertFalse(verdicts.skipsEtcd());
        List<String> warned = new ArrayList<>();
        verdicts.enforce(false, warned::add);
        assertEquals(List.of(), warned);
    }

    @Test
    void skippingAMinorIsRefusedEvenWithForce() {
        Verdict released = SkewPolicy.minorUpgrade(v("v1.34.2"), v("v1.36.3"));
        assertEquals(Outcome.REFUSED, released.outcome());
        assertEquals("v1.34.2 → v1.36.3 is too far: an upgrade goes 1 minor release at a time (upgrade to v1.35 first)",
                released.message());
        assertTrue(released.blocks(true));
        // kubeadm: a pre-release may jump with --force.
        assertEquals(Outcome.SKIPPABLE, SkewPolicy.minorUpgrade(v("v1.34.2"), v("v1.36.0-rc.1")).outcome());
        assertEquals(Outcome.REFUSED, SkewPolicy.minorUpgrade(v("v1.36.3"), v("v2.0.0")).outcome());
        assertEquals(Outcome.PASS, SkewPolicy.minorUpgrade(v("v1.36.1"), v("v1.36.3")).outcome());

        var refused = assertThrows(KbootException.InvalidInput.class,
                () -> SkewPolicy.check(cluster("v1.34.2", "3.5.24-0"), v("v1.36.3"), Optional.empty()).enforce(true, m -> {}));
        assertEquals("the version skew policy refuses the upgrade from v1.34.2 to v1.36.3; nothing was changed:\n"
                + "  [minor-upgrade] v1.34.2 → v1.36.3 is too far: an upgrade goes 1 minor release at a time (upgrade to"
                + " v1.35 first)", refused.getMessage());
    }

    @Test
    void aMinorDowngradeIsRefused() {
        Verdict down = SkewPolicy.minorDowngrade(v("v1.36.3"), v("v1.35.4"));
        assertEquals(Outcome.REFUSED, down.outcome());
        assertEquals("v1.36.3 → v1.35.4 goes down a minor release: kboot does not downgrade a control plane (restore a backup"
                + " instead)", down.message());
        assertEquals(new Verdict("minor-downgrade", Outcome.PASS, "v1.35.4 → v1.36.3: not a minor downgrade"),
                SkewPolicy.minorDowngrade(v("v1.35.4"), v("v1.36.3")));
        var refused = assertThrows(KbootException.InvalidInput.class,
                () -> SkewPolicy.check(cluster("v1.36.3", "3.6.8-0"), v("v1.35.4"), Optional.empty()).enforce(true, m -> {}));
        assertTrue(refused.getMessage().contains("\n  [minor-downgrade] v1.36.3 → v1.35.4 goes down"), refused.getMessage());
    }

    @Test
    void aPatchDowngradeIsSkippableWithForce() {
        Verdicts verdicts = SkewPolicy.check(cluster("v1.36.3", "3.6.8-0", "v1.36.3"), v("v1.36.1"), Optional.empty());
        Verdict patch = verdict(verdicts, "patch-downgrade");
        assertEquals(new Verdict("patch-downgrade", Outcome.SKIPPABLE, "v1.36.3 → v1.36.1 goes down a patch release"), patch);
        assertEquals("[patch-downgrade] v1.36.3 → v1.36.1 goes down a patch release (skippable with --force)",
                patch.describe());
        var refused = assertThrows(KbootException.InvalidInput.class, () -> verdicts.enforce(false, m -> {}));
        assertTrue(refused.getMessage().endsWith("\n  [patch-downgrade] v1.36.3 → v1.36.1 goes down a patch release"
                + " (skippable with --force)"), refused.getMessage());
        List<String> warned = new ArrayList<>();
        verdicts.enforce(true, warned::add);
        assertEquals(List.of("--force: passing [patch-downgrade] v1.36.3 → v1.36.1 goes down a patch release"), warned);
        assertEquals(Outcome.PASS, SkewPolicy.patchDowngrade(v("v1.36.1"), v("v1.36.3")).orElseThrow().outcome());
        assertTrue(SkewPolicy.patchDowngrade(v("v1.35.4"), v("v1.36.3")).isEmpty(), "another minor: not this rule's");
    }

    @Test
    void theRunningVersionIsNothingToUpgradeNotAnError() {
        Verdicts verdicts = SkewPolicy.check(cluster("v1.36.3", "3.6.8-0", "v1.36.3"), v("v1.36.3"), Optional.empty());
        assertTrue(verdicts.nothingToUpgrade());
        assertEquals(new Verdict("nothing-to-upgrade", Outcome.NOTICE,
                "kube-system/kubeadm-config says the cluster runs v1.36.3 already: nothing to upgrade on the control plane"),
                verdict(verdicts, "nothing-to-upgrade"));
        verdicts.enforce(false, m -> {});
        assertFalse(SkewPolicy.check(cluster("v1.36.1", "3.6.8-0"), v("v1.36.3"), Optional.empty()).nothingToUpgrade());
    }

    @Test
    void anUnstableTargetIsSkippable() {
        Verdicts verdicts = SkewPolicy.check(cluster("v1.35.4", "3.6.6-0"), v("v1.36.0-rc.1"), Optional.empty());
        assertEquals(new Verdict("unstable-version", Outcome.SKIPPABLE, "v1.36.0-rc.1 is an unstable version (rc.1)"),
                verdict(verdicts, "unstable-version"));
        assertTrue(SkewPolicy.check(cluster("v1.35.4", "3.6.6-0"), v("v1.36.0"), Optional.empty()).verdict("unstable-version")
                .isEmpty());
    }

    @Test
    void theTargetMustBeAReleaseKbootMakesControlPlanesOf() {
        Verdict unknown = SkewPolicy.knownRelease(v("v1.37.0"));
        assertEquals(Outcome.REFUSED, unknown.outcome());
        assertEquals("kboot cannot make a control plane of v1.37.0: templates/versions.yaml and"
                + " templates/static-pods/releases.yaml know v1.35, v1.36", unknown.message());
        assertEquals(Outcome.REFUSED, SkewPolicy.knownRelease(v("v1.34.2")).outcome(), "nodes only, no control plane");
        assertEquals(Outcome.PASS, SkewPolicy.knownRelease(v("v1.35.0")).outcome());
        Verdicts verdicts = SkewPolicy.check(cluster("v1.36.3", "3.6.8-0"), v("v1.37.0"), Optional.empty());
        assertTrue(verdicts.verdict("etcd-downgrade").isEmpty(), "no etcd pin to compare with");
        assertTrue(verdicts.blocking(true).contains(unknown));
    }

    @Test
    void theBundleMustCarryTheTarget() {
        Verdict other = SkewPolicy.bundleVersion(v("v1.36.2"), v("v1.36.3"));
        assertEquals(new Verdict("bundle-version", Outcome.REFUSED, "the bundle carries v1.36.2, the target is v1.36.3: make a"
                + " bundle of v1.36.3 (scripts/k8s/build --version v1.36.3, then kboot bundle create)"), other);
        assertEquals(Outcome.PASS, SkewPolicy.bundleVersion(v("v1.36.3"), v("v1.36.3")).outcome());
        assertTrue(SkewPolicy.check(cluster("v1.35.4", "3.6.6-0"), v("v1.36.3"), Optional.empty()).verdict("bundle-version")
                .isEmpty(), "no bundle, nothing to compare");
    }

    @Test
    void kubeletsMoreThanThreeMinorsBehindAreSkippable() {
        ClusterVersions cluster = cluster("v1.35.4", "3.6.6-0", "v1.33.0", "v1.32.9", "", "v1.36.3-k3s");
        Verdict skew = SkewPolicy.kubeletSkew(cluster, v("v1.36.3"));
        assertEquals(Outcome.SKIPPABLE, skew.outcome());
        assertEquals("kubelets more than 3 minor releases behind v1.36.3: w2 v1.32.9; kubelet versions that cannot be read:"
                + " w3 (no kubelet version reported)", skew.message());
        assertEquals(Outcome.PASS, SkewPolicy.kubeletSkew(cluster("v1.35.4", "3.6.6-0", "v1.33.0"), v("v1.36.3")).outcome());
        ClusterVersions unreadable = cluster("v1.35.4", "3.6.6-0", "1.36");
        assertEquals("kubelet versions that cannot be read: w1 (\"1.36\")",
                SkewPolicy.kubeletSkew(unreadable, v("v1.36.3")).message());
    }

    @Test
    void etcdIsNeverDowngradedAndThatIsAVerdictNotARefusal() {
        Verdicts verdicts = SkewPolicy.check(cluster("v1.35.4", "3.6.10-0", "v1.35.4"), v("v1.36.3"), Optional.empty());
        Verdict etcd = verdict(verdicts, "etcd-downgrade");
        assertEquals(new Verdict("etcd-downgrade", Outcome.NOTICE,
                "etcd 3.6.10-0 runs on cp1, newer than v1.36's 3.6.8-0: etcd is never downgraded, its upgrade is skipped"), etcd);
        assertFalse(etcd.blocks(false));
        assertTrue(verdicts.skipsEtcd());
        verdicts.enforce(false, m -> {});
        ClusterVersions noEtcdPod = new ClusterVersions(v("v1.35.4"), List.of(new ClusterVersions.NodeVersions("cp1", true,
                Optional.of("v1.35.4"), Map.of())), Optional.empty(), Optional.empty());
        assertTrue(SkewPolicy.etcd(noEtcdPod, v("v1.36.3")).isEmpty());
    }

    @Test
    void upgradeNodeBeforeTheFirstControlPlaneIsRefusedNamingBoth() {
        Verdict early = SkewPolicy.firstControlPlaneUpgraded(v("v1.35.4"), v("v1.36.3"));
        assertEquals(new Verdict("first-control-plane", Outcome.REFUSED, "kube-system/kubeadm-config says the cluster runs"
                + " v1.35.4, the bundle carries v1.36.3: upgrade the first control plane first (kboot upgrade apply v1.36.3"
                + " --host <first control plane> --bundle ...); upgrade node takes its release from kubeadm-config"), early);
        assertTrue(early.blocks(true));
        assertEquals(Outcome.PASS, SkewPolicy.firstControlPlaneUpgraded(v("v1.36.3"), v("v1.36.3")).outcome());
        Verdict older = SkewPolicy.firstControlPlaneUpgraded(v("v1.36.3"), v("v1.35.4"));
        assertEquals(Outcome.REFUSED, older.outcome());
        assertEquals("kube-system/kubeadm-config says the cluster runs v1.36.3, the bundle carries the older v1.35.4: make a"
                + " bundle of v1.36.3 (scripts/k8s/build --version v1.36.3, then kboot bundle create)", older.message());
    }

    @Test
    void everyBlockingRuleIsNamedAtOnce() {
        Verdicts verdicts = SkewPolicy.check(cluster("v1.34.2", "3.5.24-0", "v1.30.0"), v("v1.37.0"), Optional.of(v("v1.36.3")));
        assertEquals(List.of("minor-upgrade", "known-release", "bundle-version", "kubelet-skew"),
                verdicts.blocking(false).stream().map(Verdict::rule).toList());
        assertEquals(List.of("minor-upgrade", "known-release", "bundle-version"),
                verdicts.blocking(true).stream().map(Verdict::rule).toList());
    }
}
