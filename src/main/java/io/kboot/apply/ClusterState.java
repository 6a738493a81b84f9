package io.kboot.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.config.ClusterFile;
import io.kboot.config.Kubeadm;
import io.kboot.host.ssh.SshTarget;
import io.kboot.templates.Templates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code kboot apply} records in the cluster itself, ConfigMap {@code kube-system/kboot-cluster}:
 * the member hosts (name, address, SSH port and user, role, labels, taints) as a Cluster document,
 * the Kubernetes and kboot versions, and when it was last applied. Written after every step that
 * changes membership, read at the start of the next apply; a lost cluster file is rebuilt from its
 * {@code cluster.yaml} key (SSH keys and the bundle are the workstation's and are not recorded).
 * Apply never drops a host from it; {@code kboot reset -f} does, for the hosts it resets while the
 * cluster stays.
 */
public record ClusterState(String clusterName, List<Member> members, String kubernetesVersion, String kbootVersion,
        Instant appliedAt, Map<String, String> nodeVersions) {

    public static final String NAMESPACE = "kube-system";
    public static final String NAME = "kboot-cluster";
    static final String CLUSTER_KEY = "cluster.yaml";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final String NODE_VERSIONS_KEY = "nodeVersions";

    public ClusterState {
        members = List.copyOf(members);
        nodeVersions = Collections.unmodifiableMap(new TreeMap<>(nodeVersions));
    }

    /** A state that records no per-node release yet. */
    public ClusterState(String clusterName, List<Member> members, String kubernetesVersion, String kbootVersion,
            Instant appliedAt) {
        this(clusterName, members, kubernetesVersion, kbootVersion, appliedAt, Map.of());
    }

    /** One host that is part of the cluster. */
    public record Member(String name, String address, int port, String user, String role, Map<String, String> labels,
            List<Kubeadm.Taint> taints) {
        public Member {
            labels = Map.copyOf(labels);
            taints = List.copyOf(taints);
        }

        static Member of(HostSpec host) {
            SshTarget.Address ssh = host.target().address();
            return new Member(host.name(), host.address(), ssh.port(), ssh.user().orElse("root"),
                    host.role().label(), host.labels(), host.taints());
        }
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** This state with these hosts recorded (replacing entries of the same name, keeping the others). */
    public ClusterState with(List<HostSpec> joined, String kubernetes, String kboot, Instant now) {
        Map<String, Member> byName = new LinkedHashMap<>();
        members.forEach(m -> byName.put(m.name(), m));
        joined.forEach(h -> byName.put(h.name(), Member.of(h)));
        Map<String, String> versions = new TreeMap<>(nodeVersions);
        joined.forEach(h -> versions.put(h.name(), kubernetes));
        return new ClusterState(clusterName, new ArrayList<>(byName.values()), kubernetes, kboot, now, versions);
    }

    /** This state with these members upgraded to {@code kubernetes} (the cluster's own release unchanged until all are). */
    public ClusterState upgraded(List<String> names, String kubernetes, String kboot, Instant now) {
        Map<String, String> versions = new TreeMap<>(nodeVersions);
        names.forEach(n -> versions.put(n, kubernetes));
        return new ClusterState(clusterName, members, kubernetesVersion, kboot, now, versions);
    }

    /** This state at {@code kubernetes}: every member was upgraded. */
    public ClusterState atVersion(String kubernetes, String kboot, Instant now) {
        return new ClusterState(clusterName, members, kubernetes, kboot, now, nodeVersions);
    }

    /** This state without these hosts (kboot reset of them while the cluster stays). */
    public ClusterState without(Set<String> names, String kboot, Instant now) {
        Map<String, String> versions = new TreeMap<>(nodeVersions);
        versions.keySet().removeAll(names);
        return new ClusterState(clusterName, members.stream().filter(m -> !names.contains(m.name())).toList(), kubernetesVersion,
                kboot, now, versions);
    }

    public static ClusterState empty(String clusterName) {
        return new ClusterState(clusterName, List.of(), "", "", Instant.EPOCH);
    }

    /** The ConfigMap, its cluster.yaml in the cluster file's own format. */
    public ObjectNode toConfigMap() {
        ObjectNode doc = NODES.objectNode().put("apiVersion", ClusterFile.API_VERSION).put("kind", ClusterFile.KIND);
        doc.putObject("metadata").put("name", clusterName);
        ArrayNode hosts = doc.putArray("hosts");
        for (Member m : members) {
            ObjectNode h = hosts.addObject().put("name", m.name()).put("address", m.address());
            if (m.port() != 22) {
                h.put("port", m.port());
            }
            h.put("user", m.user()).put("role", m.role());
            if (!m.labels().isEmpty()) {
                ObjectNode labels = h.putObject("labels");
                new TreeMap<>(m.labels()).forEach(labels::put);
            }
            if (!m.taints().isEmpty()) {
                ArrayNode taints = h.putArray("taints");
                for (var t : m.taints()) {
                    ObjectNode taint = taints.addObject().put("key", t.key());
                    if (t.value() != null) {
                        taint.put("value", t.value());
                    }
                    taint.put("effect", t.effect());
                }
            }
        }
        ObjectNode cm = NODES.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode metadata = cm.putObject("metadata").put("name", NAME).put("namespace", NAMESPACE);
        metadata.putObject("labels").put("app.kubernetes.io/managed-by", "kboot");
        ObjectNode data = cm.putObject("data");
        data.put(CLUSTER_KEY, Templates.toYaml(doc));
        data.put("kubernetesVersion", kubernetesVersion);
        data.put("kbootVersion", kbootVersion);
        data.put("appliedAt", appliedAt.toString());
        if (!nodeVersions.isEmpty()) {
            // One "member=release" line each: which release each member was last brought to.
            data.put(NODE_VERSIONS_KEY, nodeVersions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n")
                    .collect(Collectors.joining()));
        }
        return cm;
    }

    private static Map<String, String> nodeVersions(String lines) {
        Map<String, String> versions = new TreeMap<>();
        for (String line : lines.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                versions.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return versions;
    }

    /** @throws KbootException.StepFailed if the ConfigMap is not one kboot wrote */
    public static ClusterState fromConfigMap(JsonNode configMap) {
        JsonNode data = configMap.path("data");
        try {
            JsonNode doc = Templates.parseYaml(data.path(CLUSTER_KEY).asText(""));
            List<Member> members = new ArrayList<>();
            for (JsonNode h : doc.path("hosts")) {
                Map<String, String> labels = new LinkedHashMap<>();
                h.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                List<Kubeadm.Taint> taints = new ArrayList<>();
                for (JsonNode t : h.path("taints")) {
                    taints.add(new Kubeadm.Taint(t.path("key").asText(), t.hasNonNull("value") ? t.get("value").asText() : null,
                            t.path("effect").asText(), null));
                }
                members.add(new Member(h.path("name").asText(), h.path("address").asText(), h.path("port").asInt(22),
                        h.path("user").asText("root"), h.path("role").asText(), labels, taints));
            }
            return new ClusterState(doc.path("metadata").path("name").asText(ClusterSpec.DEFAULT_NAME), members,
                    data.path("kubernetesVersion").asText(""), data.path("kbootVersion").asText(""),
                    Instant.parse(data.path("appliedAt").asText(Instant.EPOCH.toString())),
                    nodeVersions(data.path(NODE_VERSIONS_KEY).asText("")));
        } catch (RuntimeException e) {
            throw new KbootException.StepFailed(
                    "ConfigMap " + NAMESPACE + "/" + NAME + " is not kboot's state: " + e.getMessage(), e);
        }
    }
}
