package io.kboot.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.config.Kubeadm;
import io.kboot.patches.PatchTarget;
import io.kboot.patches.Patches;
import io.kboot.templates.Templates;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet's files as kubeadm writes them (phases/kubelet): {@code /var/lib/kubelet/config.yaml}
 * (kubeadm's KubeletConfiguration defaults with the user's document merged over them),
 * {@code kubeadm-flags.env} and, since v1.34's NodeLocalCRISocket, {@code instance-config.yaml}.
 */
public final class KubeletFiles {
    public static final String DIR = "/var/lib/kubelet";
    public static final String CONFIG = DIR + "/config.yaml";
    public static final String FLAGS_ENV = DIR + "/kubeadm-flags.env";
    public static final String INSTANCE_CONFIG = DIR + "/instance-config.yaml";

    private KubeletFiles() {}

    /**
     * @param clusterDns the DNS service address (the tenth address of the service network)
     * @param userConfig a KubeletConfiguration document from --config; its fields win
     */
    public static String config(String clusterDns, String clusterDomain, String criSocket, String clientCaFile,
            Optional<ObjectNode> userConfig) {
        ObjectNode config = Templates.renderTree("kubelet/config.yaml", Map.of("clusterDNS", clusterDns,
                "clusterDomain", clusterDomain, "criSocket", criSocket, "clientCAFile", clientCaFile));
        userConfig.ifPresent(user -> merge(config, user));
        return Templates.toYaml(config);
    }

    /**
     * The configuration with the user's {@code kubeletconfiguration} patches applied (kubeadm's
     * applyKubeletConfigPatches, on the node's own copy only: the cluster's kubelet-config ConfigMap
     * stays as it was); unchanged text when there are none.
     */
    public static String patched(String config, Patches patches) {
        if (patches.filesFor(PatchTarget.KUBELET_CONFIGURATION).isEmpty()) {
            return config;
        }
        return Templates.toYaml(patches.apply(PatchTarget.KUBELET_CONFIGURATION, (ObjectNode) Templates.parseYaml(config)));
    }

    /**
     * {@code KUBELET_KUBEADM_ARGS="..."} as kubeadm's WriteKubeletArgsToFile writes it: its default,
     * --hostname-override when the node name is not the hostname (dropped if the user gives one),
     * then the user's kubeletExtraArgs in their order, repeats kept ({@link KubeadmArgs}); the line
     * quoted as Go's %q ({@link GoQuote}).
     */
    public static String flagsEnv(String nodeName, String hostname, List<Kubeadm.Arg> extraArgs) {
        Map<String, String> defaults = nodeName.equals(hostname) ? Map.of() : Map.of("hostname-override", nodeName);
        return "KUBELET_KUBEADM_ARGS=" + GoQuote.quote(String.join(" ", KubeadmArgs.command(defaults, extraArgs))) + "\n";
    }

    /** The per-node part of the kubelet's configuration: the container runtime's socket. */
    public static String instanceConfig(String criSocket) {
        return "containerRuntimeEndpoint: \"" + criSocket + "\"\n";
    }

    /** Deep merge: objects merge field by field, anything else in {@code over} replaces. */
    static void merge(ObjectNode base, JsonNode over) {
        over.properties().forEach(field -> {
            JsonNode current = base.get(field.getKey());
            if (current instanceof ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }
}
