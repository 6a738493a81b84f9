package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kboot.config.KubernetesVersion;
import io.kboot.controlplane.Component;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The survey of what runs, from the API's objects as a v1.35 cluster with two control planes and a worker holds them. */
class ClusterVersionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final JsonNode NODES = json("""
            [{'metadata': {'name': 'cp1', 'labels': {'node-role.kubernetes.io/control-plane': ''}},
              'status': {'nodeInfo': {'kubeletVersion': 'v1.35.4'}}},
             {'metadata': {'name': 'cp2', 'labels': {'node-role.kubernetes.io/control-plane': ''}},
              'status': {'nodeInfo': {'kubeletVersion': 'v1.35.4'}}},
             {'metadata': {'name': 'w1', 'labels': {}}, 'status': {'nodeInfo': {'kubeletVersion': 'v1.34.2'}}},
             {'metadata': {'name': 'w2'}}]
            """);

    static String pod(String component, String node, String image, boolean byName) {
        return ("{'metadata': {'name': '" + (byName ? component + "-" + node : "other") + "', 'labels': {'tier': 'control-plane'"
                + (byName ? "" : ", 'component': '" + component + "'") + "}}, 'spec': {'nodeName': '" + node
                + "', 'containers': [{'name': '" + component + "', 'image': '" + image + "'}]}}");
    }

    @Test
    void eachNodeWithItsKubeletAndEachControlPlaneWithItsStaticPodsImageTags() {
        JsonNode pods = json("[" + String.join(",",
                pod("etcd", "cp1", "registry.k8s.io/etcd:3.6.6-0", true),
                pod("kube-apiserver", "cp1", "registry.k8s.io/kube-apiserver:v1.35.4", true),
                pod("kube-controller-manager", "cp1", "mirror.local:5000/kube-controller-manager:v1.35.4@sha256:abc", true),
                pod("kube-scheduler", "cp1", "registry.k8s.io/kube-scheduler:v1.35.4", true),
                // cp2's were found by their component label and node (kubeadm names them NAME-NODE; someone renamed one).
                pod("etcd", "cp2", "registry.k8s.io/etcd:3.6.6-0", false),
                pod("kube-apiserver", "cp2", "registry.k8s.io/kube-apiserver:v1.36.3", false)) + "]");
        ClusterVersions versions = ClusterVersions.of(KubernetesVersion.parse("v1.35.4"), NODES, pods, Optional.of("v1.13.1"),
                Optional.of("v1.35.4"));

        assertEquals(new ClusterVersions(KubernetesVersion.parse("v1.35.4"), List.of(
                new ClusterVersions.NodeVersions("cp1", true, Optional.of("v1.35.4"), Map.of(Component.ETCD, "3.6.6-0",
                        Component.KUBE_APISERVER, "v1.35.4", Component.KUBE_CONTROLLER_MANAGER, "v1.35.4",
                        Component.KUBE_SCHEDULER, "v1.35.4")),
                new ClusterVersions.NodeVersions("cp2", true, Optional.of("v1.35.4"), Map.of(Component.ETCD, "3.6.6-0",
                        Component.KUBE_APISERVER, "v1.36.3")),
                new ClusterVersions.NodeVersions("w1", false, Optional.of("v1.34.2"), Map.of()),
                new ClusterVersions.NodeVersions("w2", false, Optional.empty(), Map.of())),
                Optional.of("v1.13.1"), Optional.of("v1.35.4")), versions);
        assertEquals(List.of("cp1", "cp2"), versions.controlPlanes().stream().map(ClusterVersions.NodeVersions::name).toList());
        assertEquals(Optional.empty(), versions.node("cp2").orElseThrow().image(Component.KUBE_SCHEDULER));
    }

    @Test
    void theImageTagIsWhatFollowsTheNameNotARegistryPortOrADigest() {
        assertEquals("3.6.8-0", ClusterVersions.imageTag("registry.k8s.io/etcd:3.6.8-0"));
        assertEquals("v1.14.2", ClusterVersions.imageTag("registry.k8s.io/coredns/coredns:v1.14.2"));
        assertEquals("latest", ClusterVersions.imageTag("mirror.local:5000/pause"));
        assertEquals("v1.36.3", ClusterVersions.imageTag("mirror.local:5000/kube-proxy:v1.36.3@sha256:0123"));
        assertEquals("latest", ClusterVersions.imageTag("etcd@sha256:0123"));
    }

    @Test
    void anAddOnsImageIsItsNamedContainersElseItsFirst() {
        JsonNode template = json("{'spec': {'containers': [{'name': 'sidecar', 'image': 'x/y:1'},"
                + " {'name': 'coredns', 'image': 'registry.k8s.io/coredns/coredns:v1.14.2'}]}}");
        assertEquals(Optional.of("v1.14.2"), ClusterVersions.podImage(template, "coredns"));
        assertEquals(Optional.of("1"), ClusterVersions.podImage(template, "kube-proxy"));
        assertEquals(Optional.empty(), ClusterVersions.podImage(json("{'spec': {}}"), "kube-proxy"));
    }
}
