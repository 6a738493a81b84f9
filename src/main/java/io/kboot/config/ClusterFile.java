package io.kboot.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * kboot's own document for multi-host runs ({@code kboot apply -f cluster.yaml}):
 * {@code apiVersion: kboot.io/v1alpha1, kind: Cluster}. Cluster-wide Kubernetes settings are not
 * repeated here: the same file may carry kubeadm's ClusterConfiguration, InitConfiguration (its
 * cluster-wide fields: timeouts, taints of the first control plane) and KubeletConfiguration
 * documents after this one. {@code docs/cluster.yaml} is the documented example.
 *
 * @param bundle the offline bundle (kboot bundle create) to install from; without it, the nodes'
 *     package repositories and registries (online)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterFile(String apiVersion, String kind, Metadata metadata, Ssh ssh, String bundle, List<HostEntry> hosts) {

    public static final String API_VERSION = "kboot.io/v1alpha1";
    public static final String KIND = "Cluster";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String name) {}

    /** SSH defaults for every host; a host's own fields win. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ssh(String user, Integer port, String key, String knownHosts, String jump, Boolean sudo) {}

    /**
     * One machine. {@code name} is the Node's name (default: the host's hostname), {@code address}
     * and {@code port} where SSH reaches it; {@code advertiseAddress} is where a control plane's API
     * server and etcd listen (default: the address of the host's default route).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostEntry(
            String name,
            String address,
            Integer port,
            String user,
            String key,
            String jump,
            Boolean sudo,
            String role,
            String advertiseAddress,
            Map<String, String> labels,
            List<Kubeadm.Taint> taints) {}
}
