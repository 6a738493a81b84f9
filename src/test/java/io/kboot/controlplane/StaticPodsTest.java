package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.ClusterSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.Networking;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kboot's manifests against kubeadm's own, for every release with goldens (see {@link KubeadmGoldens}):
 * the files were written by the real kubeadm of that release (scripts/k8s/goldens: `kubeadm init phase
 * control-plane all` and `phase etcd local`, --dry-run, for the kubeadm-config.yaml beside them).
 */
class StaticPodsTest {
    static Stream<Arguments> manifests() {
        return KubeadmGoldens.versions().stream()
                .flatMap(version -> Stream.of(Component.values()).map(component -> Arguments.of(version, component)));
    }

    static Stream<KubernetesVersion> versions() {
        return KubeadmGoldens.versions().stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("manifests")
    void matchesKubeadmByteForByte(KubernetesVersion version, Component component) {
        assertEquals(KubeadmGoldens.read(version, component.manifestFile()),
                StaticPods.render(component, KubeadmGoldens.spec(version)));
    }

    /** etcd-join.yaml: cp2 (10.77.0.11) joining cp1, from kubeadm's GetEtcdPodSpec with MemberAdd's list. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void joiningEtcdMatchesKubeadmByteForByte(KubernetesVersion version) {
        ControlPlaneSpec cp1 = KubeadmGoldens.spec(version);
        ControlPlaneSpec cp2 = cp1.withMember(new ControlPlaneSpec.Member("cp2", IpAddresses.parse("10.77.0.11").orElseThrow(),
                cp1.member().bindPort())).withEtcd(cp1.etcd().withInitialCluster(List.of("cp1=https://10.77.0.10:2380")));
        assertEquals(KubeadmGoldens.read(version, "etcd-join.yaml"), StaticPods.render(Component.ETCD, cp2));
    }

    @Test
    void goldensCoverTheCurrentAndThePreviousMinor() {
        List<KubernetesVersion> versions = KubeadmGoldens.versions();
        assertTrue(versions.size() >= 2, "goldens for at least two releases: " + versions);
        KubernetesVersion newest = versions.get(versions.size() - 1);
        assertTrue(versions.stream().anyMatch(v -> v.minor() == newest.minor() - 1),
                "the minor before " + newest + ": " + versions);
    }

    /** kubeadm's ArgumentsToCommand: its defaults sorted, those given again dropped, the extraArgs after them as given. */
    @Test
    void extraArgsReplaceDefaultsAndFollowThemInTheUsersOrder() {
        ControlPlaneSpec base = KubeadmGoldens.spec(KubeadmGoldens.newest());
        ClusterSettings c = base.cluster();
        Networking noPods = new Networking(c.networking().serviceSubnets(), List.of(), c.networking().dnsDomain());
        ControlPlaneSpec spec = new ControlPlaneSpec(
                new ClusterSettings(c.name(), c.kubernetesVersion(), c.controlPlaneEndpoint(), c.imageRepository(), noPods),
                base.member(), base.etcd().withInitialCluster(List.of("cp0=https://10.77.0.9:2380")), base.paths(),
                new ControlPlaneSpec.Components(Map.of(Component.KUBE_APISERVER, List.of(
                        new Kubeadm.Arg("authorization-mode", "Node,RBAC,Webhook"), new Kubeadm.Arg("audit-log-maxage", "7"))),
                        Duration.ofMinutes(2)),
                new ControlPlaneSpec.Host(Set.of(), true));
        List<String> apiserver = StaticPods.flags(Component.KUBE_APISERVER, spec);
        assertEquals(1, apiserver.stream().filter(f -> f.startsWith("--authorization-mode=")).count());
        assertEquals(List.of("--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
                "--authorization-mode=Node,RBAC,Webhook", "--audit-log-maxage=7"),
                apiserver.subList(apiserver.size() - 3, apiserver.size()), "the last default, then the extraArgs as given");
        assertEquals("--allow-privileged=true", apiserver.get(1), "the defaults stay sorted");
        List<String> kcm = StaticPods.flags(Component.KUBE_CONTROLLER_MANAGER, spec);
        assertTrue(kcm.contains("--cluster-signing-key-file="), "external CA: the controller manager does not sign");
        assertTrue(kcm.stream().noneMatch(f -> f.startsWith("--allocate-node-cidrs")), "no pod subnet, no node CIDRs");
        List<String> etcd = StaticPods.flags(Component.ETCD, spec);
        assertTrue(etcd.contains("--initial-cluster=cp0=https://10.77.0.9:2380,cp1=https://10.77.0.10:2380"));
        assertTrue(etcd.contains("--initial-cluster-state=existing"));
        assertTrue(StaticPods.render(Component.KUBE_APISERVER, spec).contains("failureThreshold: 12"), "2 min / 10 s");
    }

    /** kubeadm v1.35 picks etcd's flag names by the etcd tag (a user's etcd.local.imageTag); v1.36 always writes 3.6's. */
    @Test
    void etcdFlagNamesFollowTheReleaseAndTheEtcdTag() {
        List<String> v135 = StaticPods.flags(Component.ETCD, withEtcd(KubernetesVersion.parse("v1.35.4"), "3.5.24-0"));
        assertTrue(v135.contains("--experimental-initial-corrupt-check=true"), v135.toString());
        assertTrue(v135.contains("--experimental-watch-progress-notify-interval=5s"));
        assertFalse(v135.stream().anyMatch(f -> f.startsWith("--feature-gates")));
        assertTrue(StaticPods.render(Component.ETCD, withEtcd(KubernetesVersion.parse("v1.35.4"), "3.5.24-0"))
                .contains("image: registry.k8s.io/etcd:3.5.24-0"));
        List<String> v136 = StaticPods.flags(Component.ETCD, withEtcd(KubernetesVersion.parse("v1.36.3"), "3.5.24-0"));
        assertTrue(v136.contains("--feature-gates=InitialCorruptCheck=true"), v136.toString());
        assertTrue(v136.contains("--watch-progress-notify-interval=5s"));
    }

    /** kubeadm v1.35 mounts the FlexVolume directory into the controller manager, where --flex-volume-plugin-dir says. */
    @Test
    void flexVolumeDirFollowsItsExtraArgument() {
        ControlPlaneSpec base = KubeadmGoldens.spec(KubernetesVersion.parse("v1.35.4"));
        ControlPlaneSpec spec = new ControlPlaneSpec(base.cluster(), base.member(), base.etcd().withInitialCluster(List.of()),
                base.paths(), new ControlPlaneSpec.Components(Map.of(Component.KUBE_CONTROLLER_MANAGER, List.of(
                        new Kubeadm.Arg("flex-volume-plugin-dir", "/opt/a"),
                        new Kubeadm.Arg("flex-volume-plugin-dir", "/opt/flex"))),
                        base.components().healthCheckTimeout()),
                new ControlPlaneSpec.Host(Set.of(), false));
        String kcm = StaticPods.render(Component.KUBE_CONTROLLER_MANAGER, spec);
        assertTrue(kcm.contains("    - mountPath: /opt/flex\n      name: flexvolume-dir\n    - mountPath"), kcm);
        assertTrue(kcm.contains("      path: /opt/flex\n      type: DirectoryOrCreate\n    name: flexvolume-dir\n"), kcm);
        assertFalse(StaticPods.render(Component.KUBE_APISERVER, spec).contains("flexvolume"));
        assertFalse(StaticPods.render(Component.KUBE_CONTROLLER_MANAGER, KubeadmGoldens.spec(KubernetesVersion.parse("v1.36.3")))
                .contains("flexvolume"));
    }

    @Test
    void releasesOlderThanTheTableAreRefused() {
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class,
                () -> StaticPods.render(Component.ETCD, withEtcd(KubernetesVersion.parse("v1.34.2"), "3.6.4-0")));
        assertTrue(e.getMessage().contains("v1.35 and newer"), e.getMessage());
        // A release newer than the table renders like the newest entry.
        assertTrue(StaticPods.flags(Component.ETCD, withEtcd(KubernetesVersion.parse("v1.37.0"), "3.5.24-0"))
                .contains("--feature-gates=InitialCorruptCheck=true"));
    }

    private static ControlPlaneSpec withEtcd(KubernetesVersion version, String etcdTag) {
        ControlPlaneSpec base = KubeadmGoldens.spec(KubeadmGoldens.newest());
        ClusterSettings c = base.cluster();
        ClusterSettings cluster = new ClusterSettings(c.name(), version, c.controlPlaneEndpoint(), c.imageRepository(),
                c.networking());
        return new ControlPlaneSpec(cluster, base.member(),
                new ControlPlaneSpec.Etcd(base.etcd().imageRepository(), etcdTag, base.etcd().dataDir(), new ArrayList<>()),
                base.paths(),
                new ControlPlaneSpec.Components(Map.of(), base.components().healthCheckTimeout()),
                new ControlPlaneSpec.Host(Set.of(), false));
    }
}
