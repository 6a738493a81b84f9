package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.config.Cidr;
import io.kboot.config.IpAddresses;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * kboot's manifests against kubeadm's own: the golden files under golden/kubeadm-v1.36.3 were
 * written by the real kubeadm v1.36.3 (`kubeadm init phase control-plane all` and `phase etcd
 * local`, --dry-run) for the config in kubeadm-config.yaml beside them, on a host with
 * /etc/ca-certificates, /usr/share/ca-certificates and /usr/local/share/ca-certificates.
 */
class StaticPodsTest {
    static ControlPlaneSpec kubeadmGoldenSpec() {
        return new ControlPlaneSpec(KubernetesVersion.parse("v1.36.3"), "registry.k8s.io", "3.6.8-0", "cp1",
                IpAddresses.parse("10.77.0.10").orElseThrow(), 6443, List.of(Cidr.parse("10.96.0.0/12")),
                List.of(Cidr.parse("10.244.0.0/16")), "cluster.local", "kubernetes", "/etc/kubernetes/pki", "/etc/kubernetes",
                "/var/lib/etcd", Map.of(),
                Set.of("/etc/ca-certificates", "/usr/share/ca-certificates", "/usr/local/share/ca-certificates"), false,
                List.of(), Duration.ofMinutes(4));
    }

    static String golden(String name) throws IOException {
        try (InputStream in = StaticPodsTest.class.getResourceAsStream("/golden/kubeadm-v1.36.3/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(Component.class)
    void matchesKubeadmByteForByte(Component component) throws IOException {
        assertEquals(golden(component.manifestFile()), StaticPods.render(component, kubeadmGoldenSpec()));
    }

    @Test
    void extraArgsReplaceDefaultsAndStaySorted() {
        ControlPlaneSpec base = kubeadmGoldenSpec();
        ControlPlaneSpec spec = new ControlPlaneSpec(base.version(), base.imageRepository(), base.etcdImageTag(), base.nodeName(),
                base.advertiseAddress(), base.bindPort(), base.serviceSubnets(), List.of(), base.dnsDomain(), base.clusterName(),
                base.certificatesDir(), base.kubernetesDir(), base.etcdDataDir(),
                Map.of(Component.KUBE_APISERVER, List.of(new Kubeadm.Arg("authorization-mode", "Node,RBAC,Webhook"),
                        new Kubeadm.Arg("audit-log-maxage", "7"))),
                Set.of(), true, List.of("cp0=https://10.77.0.9:2380"), Duration.ofMinutes(2));
        List<String> apiserver = StaticPods.flags(Component.KUBE_APISERVER, spec);
        assertTrue(apiserver.contains("--authorization-mode=Node,RBAC,Webhook"));
        assertEquals(1, apiserver.stream().filter(f -> f.startsWith("--authorization-mode=")).count());
        assertEquals("--allow-privileged=true", apiserver.get(1), "--audit-log-maxage sorts after --allow-privileged");
        assertEquals("--audit-log-maxage=7", apiserver.get(2));
        List<String> kcm = StaticPods.flags(Component.KUBE_CONTROLLER_MANAGER, spec);
        assertTrue(kcm.contains("--cluster-signing-key-file="), "external CA: the controller manager does not sign");
        assertTrue(kcm.stream().noneMatch(f -> f.startsWith("--allocate-node-cidrs")), "no pod subnet, no node CIDRs");
        List<String> etcd = StaticPods.flags(Component.ETCD, spec);
        assertTrue(etcd.contains("--initial-cluster=cp0=https://10.77.0.9:2380,cp1=https://10.77.0.10:2380"));
        assertTrue(etcd.contains("--initial-cluster-state=existing"));
        assertTrue(StaticPods.render(Component.KUBE_APISERVER, spec).contains("failureThreshold: 12"), "2 min / 10 s");
    }

    @Test
    void olderEtcdGetsTheExperimentalFlags() {
        ControlPlaneSpec base = kubeadmGoldenSpec();
        ControlPlaneSpec spec = new ControlPlaneSpec(KubernetesVersion.parse("v1.33.4"), base.imageRepository(), "3.5.21-0",
                base.nodeName(), base.advertiseAddress(), base.bindPort(), base.serviceSubnets(), base.podSubnets(),
                base.dnsDomain(), base.clusterName(), base.certificatesDir(), base.kubernetesDir(), base.etcdDataDir(), Map.of(),
                Set.of(), false, List.of(), Duration.ofMinutes(4));
        List<String> etcd = StaticPods.flags(Component.ETCD, spec);
        assertTrue(etcd.contains("--experimental-initial-corrupt-check=true"));
        assertTrue(etcd.contains("--experimental-watch-progress-notify-interval=5s"));
        assertTrue(StaticPods.render(Component.ETCD, spec).contains("image: registry.k8s.io/etcd:3.5.21-0"));
    }
}
