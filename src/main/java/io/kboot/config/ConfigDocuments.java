package io.kboot.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The documents of one config file, each at most once, already checked field by field (see
 * {@link ConfigValidator}). Component configs stay raw JSON trees: kboot passes them through.
 */
public final class ConfigDocuments {
    private final String source;
    private final Map<ConfigLoader.DocumentKind, Object> documents;
    private final Map<ConfigLoader.DocumentKind, ConfigLoader.SourceDocument> origins;

    private ConfigDocuments(String source, Map<ConfigLoader.DocumentKind, Object> documents,
            Map<ConfigLoader.DocumentKind, ConfigLoader.SourceDocument> origins) {
        this.source = source;
        this.documents = documents;
        this.origins = origins;
    }

    /** No file: every document absent. */
    public static ConfigDocuments none() {
        return new ConfigDocuments("", new EnumMap<>(ConfigLoader.DocumentKind.class),
                new EnumMap<>(ConfigLoader.DocumentKind.class));
    }

    public String source() {
        return source;
    }

    public Optional<Kubeadm.InitConfiguration> init() {
        return get(ConfigLoader.DocumentKind.INIT, Kubeadm.InitConfiguration.class);
    }

    public Optional<Kubeadm.ClusterConfiguration> clusterConfiguration() {
        return get(ConfigLoader.DocumentKind.CLUSTER_CONFIGURATION, Kubeadm.ClusterConfiguration.class);
    }

    public Optional<Kubeadm.JoinConfiguration> join() {
        return get(ConfigLoader.DocumentKind.JOIN, Kubeadm.JoinConfiguration.class);
    }

    public Optional<Kubeadm.UpgradeConfiguration> upgrade() {
        return get(ConfigLoader.DocumentKind.UPGRADE, Kubeadm.UpgradeConfiguration.class);
    }

    /** The upgrade's timeouts: the UpgradeConfiguration's over kubeadm's defaults (never the InitConfiguration's). */
    public Timeouts upgradeTimeouts() {
        return Timeouts.from(upgrade().map(Kubeadm.UpgradeConfiguration::timeouts));
    }

    public Optional<ObjectNode> kubeletConfiguration() {
        return get(ConfigLoader.DocumentKind.KUBELET, JsonNode.class).map(ConfigLoader::copyOf);
    }

    public Optional<ObjectNode> kubeProxyConfiguration() {
        return get(ConfigLoader.DocumentKind.KUBE_PROXY, JsonNode.class).map(ConfigLoader::copyOf);
    }

    public Optional<ClusterFile> cluster() {
        return get(ConfigLoader.DocumentKind.CLUSTER, ClusterFile.class);
    }

    /**
     * "file:line:col: Cluster hosts[1].jump": where a field of the Cluster document is, for checks
     * made outside this package (SSH settings are parsed where SSH lives).
     */
    public String clusterField(String pointer) {
        ConfigLoader.SourceDocument doc = origin(ConfigLoader.DocumentKind.CLUSTER)
                .orElseThrow(() -> new IllegalStateException("no Cluster document"));
        return doc.where(pointer) + ": " + doc.kind() + " " + FieldPath.fromPointer(pointer);
    }

    /**
     * "file:line:col: ClusterConfiguration kubernetesVersion" when the file has that field: where a
     * value checked outside this package (the supported releases live in hostprep) came from.
     */
    public Optional<String> clusterConfigurationField(String pointer) {
        return origin(ConfigLoader.DocumentKind.CLUSTER_CONFIGURATION)
                .filter(doc -> !doc.node().at(pointer).isMissingNode())
                .map(doc -> doc.where(pointer) + ": " + doc.kind() + " " + FieldPath.fromPointer(pointer));
    }

    /** "file:line:col" of a field of a document, for errors found after loading. */
    Optional<ConfigLoader.SourceDocument> origin(ConfigLoader.DocumentKind kind) {
        return Optional.ofNullable(origins.get(kind));
    }

    private <T> Optional<T> get(ConfigLoader.DocumentKind kind, Class<T> type) {
        return Optional.ofNullable(documents.get(kind)).map(type::cast);
    }

    static final class Builder {
        private final String source;
        private final Map<ConfigLoader.DocumentKind, Object> documents = new EnumMap<>(ConfigLoader.DocumentKind.class);
        private final Map<ConfigLoader.DocumentKind, ConfigLoader.SourceDocument> origins =
                new EnumMap<>(ConfigLoader.DocumentKind.class);

        Builder(String source) {
            this.source = source;
        }

        void add(ConfigLoader.DocumentKind kind, Object document, ConfigLoader.SourceDocument origin) {
            if (documents.containsKey(kind)) {
                throw new KbootException.InvalidInput(origin.where("") + ": a second " + kind.kind()
                        + " document; the first is at " + origins.get(kind).where(""));
            }
            documents.put(kind, document);
            origins.put(kind, origin);
        }

        ConfigDocuments build() {
            ConfigDocuments result = new ConfigDocuments(source, documents, origins);
            ConfigValidator.validate(result);
            return result;
        }
    }
}
