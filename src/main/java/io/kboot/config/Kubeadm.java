package io.kboot.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Value types shared by kubeadm's v1beta4 documents (kubeadm.k8s.io/v1beta4), field for field,
 * so the files users already have load unchanged. Absent fields are null; defaults are applied
 * once, when settings are built, not here.
 */
public final class Kubeadm {
    public static final String API_VERSION = "kubeadm.k8s.io/v1beta4";

    private Kubeadm() {}

    /** A command-line argument, v1beta4 style: a list of name/value pairs instead of a map. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Arg(String name, String value) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnvVar(String name, String value, JsonNode valueFrom) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostPathMount(String name, String hostPath, String mountPath, Boolean readOnly, String pathType) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Taint(String key, String value, String effect, String timeAdded) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeRegistration(
            String name,
            String criSocket,
            List<Taint> taints,
            List<Arg> kubeletExtraArgs,
            List<String> ignorePreflightErrors,
            String imagePullPolicy,
            Boolean imagePullSerial) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record APIEndpoint(String advertiseAddress, Integer bindPort) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BootstrapTokenSpec(
            String token, String description, String ttl, String expires, List<String> usages, List<String> groups) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patches(String directory) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timeouts(
            String controlPlaneComponentHealthCheck,
            String kubeletHealthCheck,
            String kubernetesAPICall,
            String etcdAPICall,
            String tlsBootstrap,
            String discovery,
            String upgradeManifests) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ControlPlaneComponent(List<Arg> extraArgs, List<HostPathMount> extraVolumes, List<EnvVar> extraEnvs) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record APIServer(
            List<Arg> extraArgs, List<HostPathMount> extraVolumes, List<EnvVar> extraEnvs, List<String> certSANs) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocalEtcd(
            String imageRepository,
            String imageTag,
            String dataDir,
            List<Arg> extraArgs,
            List<EnvVar> extraEnvs,
            List<String> serverCertSANs,
            List<String> peerCertSANs) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExternalEtcd(List<String> endpoints, String caFile, String certFile, String keyFile) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Etcd(LocalEtcd local, ExternalEtcd external) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Networking(String serviceSubnet, String podSubnet, String dnsDomain) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DNS(String imageRepository, String imageTag, Boolean disabled) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Proxy(Boolean disabled) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BootstrapTokenDiscovery(
            String token, String apiServerEndpoint, List<String> caCertHashes, Boolean unsafeSkipCAVerification) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileDiscovery(String kubeConfigPath) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Discovery(BootstrapTokenDiscovery bootstrapToken, FileDiscovery file, String tlsBootstrapToken) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JoinControlPlane(APIEndpoint localAPIEndpoint, String certificateKey) {}

    /**
     * kind: UpgradeConfiguration, of which kboot reads the timeouts: kubeadm's upgrade takes them
     * from here, never from an InitConfiguration, and its new static Pods' startup probes follow
     * them. Its apply, node, plan and diff sections are not read yet, so they are refused.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpgradeConfiguration(String apiVersion, String kind, Timeouts timeouts) {}

    /** kind: InitConfiguration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InitConfiguration(
            String apiVersion,
            String kind,
            List<BootstrapTokenSpec> bootstrapTokens,
            Boolean dryRun,
            NodeRegistration nodeRegistration,
            APIEndpoint localAPIEndpoint,
            String certificateKey,
            List<String> skipPhases,
            Patches patches,
            Timeouts timeouts) {}

    /** kind: ClusterConfiguration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterConfiguration(
            String apiVersion,
            String kind,
            Etcd etcd,
            Networking networking,
            String kubernetesVersion,
            String controlPlaneEndpoint,
            APIServer apiServer,
            ControlPlaneComponent controllerManager,
            ControlPlaneComponent scheduler,
            DNS dns,
            Proxy proxy,
            String certificatesDir,
            String imageRepository,
            Map<String, Boolean> featureGates,
            String clusterName,
            String encryptionAlgorithm,
            String certificateValidityPeriod,
            String caCertificateValidityPeriod) {}

    /** kind: JoinConfiguration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JoinConfiguration(
            String apiVersion,
            String kind,
            Boolean dryRun,
            NodeRegistration nodeRegistration,
            String caCertPath,
            Discovery discovery,
            JoinControlPlane controlPlane,
            List<String> skipPhases,
            Patches patches,
            Timeouts timeouts) {}
}
