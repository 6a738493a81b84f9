package io.kboot.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * kboot's own document for multi-host runs ({@code kboot apply -f cluster.yaml}):
 * {@code apiVersion: kboot.io/v1alpha1, kind: Cluster}. Cluster-wide Kubernetes settings are not
 * repeated here: the same file may carry kubeadm's ClusterConfiguration and KubeletConfiguration
 * documents after this one.
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
            Map<String, String> labels,
            List<Kubeadm.Taint> taints) {}
}
