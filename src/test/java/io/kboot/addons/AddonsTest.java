package io.kboot.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.controlplane.ClusterConfigMaps;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The objects kinit master creates through the API, against those the real kubeadm v1.36.3
 * creates for the same configuration (golden/kubeadm-v1.36.3/kubeadm-config.yaml: advertise
 * 10.77.0.10, pod network 10.244.0.0/16), taken from `kubeadm init --dry-run`.
 */
class AddonsTest {
    static String goldenText(String file) throws IOException {
        try (InputStream in = AddonsTest.class.getResourceAsStream("/golden/kubeadm-v1.36.3/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode golden(String file) throws IOException {
        return Templates.parseYaml(goldenText(file));
    }

    @Test
    void coreDnsIsKubeadms() throws IOException {
        List<ObjectNode> objects = Addons.coreDns("registry.k8s.io/coredns/coredns:v1.14.2", "cluster.local", "10.96.0.10");
        List<String> files = List.of("18-ConfigMap-coredns.yaml", "19-ClusterRole-system_coredns.yaml",
                "20-ClusterRoleBinding-system_coredns.yaml", "21-ServiceAccount-coredns.yaml", "22-Deployment-coredns.yaml",
                "23-Service-kube-dns.yaml");
        assertEquals(files.size(), objects.size());
        for (int i = 0; i < files.size(); i++) {
            assertEquals(golden("objects/" + files.get(i)), objects.get(i), files.get(i));
        }
    }

    @Test
    void kubeProxyIsKubeadmsWithTheSameConfigHash() throws IOException {
        List<ObjectNode> objects =
                Addons.kubeProxy("registry.k8s.io/kube-proxy:v1.36.3", "https://10.77.0.10:6443", "10.244.0.0/16");
        List<String> files = List.of("24-ConfigMap-kube-proxy.yaml", "25-DaemonSet-kube-proxy.yaml",
                "26-ServiceAccount-kube-proxy.yaml",
                "27-ClusterRoleBinding-kubeadm_node-proxier.yaml", "28-Role-kube-proxy.yaml", "29-RoleBinding-kube-proxy.yaml");
        assertEquals(files.size(), objects.size());
        for (int i = 0; i < files.size(); i++) {
            assertEquals(golden("objects/" + files.get(i)), objects.get(i), files.get(i));
        }
    }

    @Test
    void theUploadedConfigMapsAreKubeadms() throws IOException {
        ConfigDocuments docs = ConfigLoader.parse("kubeadm-config.yaml", goldenText("kubeadm-config.yaml"));
        InitSettings settings = InitSettings.from(docs, new InitSettings.Flags());
        assertEquals(golden("objects/00-ConfigMap-kubeadm-config.yaml"), ClusterConfigMaps.kubeadmConfig(settings));
        ObjectNode kubelet = ClusterConfigMaps.kubeletConfig(KubeletFiles.config("10.96.0.10", "cluster.local", "",
                "/etc/kubernetes/pki/ca.crt", Optional.empty()));
        assertEquals(golden("objects/03-ConfigMap-kubelet-config.yaml"), kubelet);
    }
}
