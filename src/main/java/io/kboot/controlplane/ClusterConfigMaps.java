package io.kboot.controlplane;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.addons.ComponentConfigHash;
import io.kboot.config.Cidr;
import io.kboot.config.Endpoint;
import io.kboot.config.GoDuration;
import io.kboot.config.InitSettings;
import io.kboot.config.Kubeadm;
import io.kboot.templates.Templates;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * kubeadm's upload-config: {@code kube-system/kubeadm-config} (the cluster's ClusterConfiguration,
 * which joining control planes and {@code kubeadm upgrade} read) and {@code kube-system/kubelet-config}
 * (the KubeletConfiguration every joining node's kubelet starts from).
 */
public final class ClusterConfigMaps {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ClusterConfigMaps() {}

    public static ObjectNode kubeadmConfig(InitSettings s) {
        ObjectNode c = NODES.objectNode();
        ObjectNode apiServer = c.putObject("apiServer");
        if (!s.pki().sans().apiServer().isEmpty()) {
            s.pki().sans().apiServer().forEach(apiServer.putArray("certSANs")::add);
        }
        extraArgs(apiServer, s, Component.KUBE_APISERVER);
        c.put("apiVersion", "kubeadm.k8s.io/v1beta4");
        c.put("caCertificateValidityPeriod", GoDuration.format(s.pki().caCertificateValidity()));
        c.put("certificateValidityPeriod", GoDuration.format(s.pki().certificateValidity()));
        c.put("certificatesDir", s.pki().certificatesDir());
        c.put("clusterName", s.cluster().name());
        s.cluster().controlPlaneEndpoint().map(Endpoint::toString).ifPresent(e -> c.put("controlPlaneEndpoint", e));
        extraArgs(c.putObject("controllerManager"), s, Component.KUBE_CONTROLLER_MANAGER);
        ObjectNode dns = c.putObject("dns");
        if (!s.components().addons().coreDns()) {
            dns.put("disabled", true);
        }
        s.components().images().dnsRepository().ifPresent(r -> dns.put("imageRepository", r));
        s.components().images().dnsTag().ifPresent(t -> dns.put("imageTag", t));
        c.put("encryptionAlgorithm", s.pki().encryptionAlgorithm());
        ObjectNode local = c.putObject("etcd").putObject("local");
        local.put("dataDir", s.components().etcdDataDir());
        extraArgs(local, s, Component.ETCD);
        s.pki().sans().etcdPeer().forEach(san -> local.withArray("peerCertSANs").add(san));
        s.components().images().etcdRepository().ifPresent(r -> local.put("imageRepository", r));
        s.components().images().etcdTag().ifPresent(t -> local.put("imageTag", t));
        s.pki().sans().etcdServer().forEach(san -> local.withArray("serverCertSANs").add(san));
        c.put("imageRepository", s.cluster().imageRepository());
        c.put("kind", "ClusterConfiguration");
        c.put("kubernetesVersion", s.cluster().kubernetesVersion().toString());
        ObjectNode networking = c.putObject("networking");
        networking.put("dnsDomain", s.cluster().networking().dnsDomain());
        if (!s.cluster().networking().podSubnets().isEmpty()) {
            networking.put("podSubnet", join(s.cluster().networking().podSubnets()));
        }
        networking.put("serviceSubnet", join(s.cluster().networking().serviceSubnets()));
        ObjectNode proxy = c.putObject("proxy");
        if (!s.components().addons().kubeProxy()) {
            proxy.put("disabled", true);
        }
        extraArgs(c.putObject("scheduler"), s, Component.KUBE_SCHEDULER);
        return configMap("kubeadm-config", Map.of("ClusterConfiguration", Templates.toYaml(c)));
    }

    /**
     * @param kubeletConfig the node's /var/lib/kubelet/config.yaml as kboot writes it with an empty
     *     container runtime endpoint: that is per node (instance-config.yaml), not cluster-wide
     */
    public static ObjectNode kubeletConfig(String kubeletConfig) {
        return ComponentConfigHash.annotate(configMap("kubelet-config", Map.of("kubelet", kubeletConfig)));
    }

    private static void extraArgs(ObjectNode component, InitSettings s, Component which) {
        List<Kubeadm.Arg> args = Optional.ofNullable(s.components().extraArgs().get(which.id())).orElse(List.of());
        if (!args.isEmpty()) {
            var array = component.putArray("extraArgs");
            args.forEach(a -> array.addObject().put("name", a.name()).put("value", a.value()));
        }
    }

    private static String join(List<Cidr> cidrs) {
        return cidrs.stream().map(Cidr::toString).collect(Collectors.joining(","));
    }

    private static ObjectNode configMap(String name, Map<String, String> data) {
        ObjectNode cm = NODES.objectNode().put("apiVersion", "v1");
        ObjectNode d = cm.putObject("data");
        data.forEach(d::put);
        cm.put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name).put("namespace", "kube-system");
        return cm;
    }
}
