package io.kboot.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of kubeadm's v1beta4 documents kboot does not implement yet, each with the reason. A
 * file that sets one is refused where the field is, rather than loaded and silently run without
 * it. Paths are JSON pointers; {@code *} stands for any item of a list. Every other field is read
 * (ConfigFieldsTest holds the two lists against the records of {@link Kubeadm}).
 */
final class Unsupported {
    static final String SUFFIX = "not supported by kboot yet";

    /** By document kind, pointer to reason. */
    static final Map<ConfigLoader.DocumentKind, Map<String, String>> FIELDS = Map.of(
            ConfigLoader.DocumentKind.CLUSTER_CONFIGURATION, clusterConfiguration(),
            ConfigLoader.DocumentKind.INIT, initConfiguration(),
            ConfigLoader.DocumentKind.JOIN, joinConfiguration());

    private Unsupported() {}

    private static Map<String, String> clusterConfiguration() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("/etcd/external", "kboot runs a stacked etcd on each control plane; an external etcd cluster is not wired up");
        m.put("/etcd/local/extraEnvs", "the etcd static Pod gets no extra environment variables");
        for (String component : List.of("apiServer", "controllerManager", "scheduler")) {
            m.put("/" + component + "/extraVolumes", "the static Pod gets no extra hostPath volumes (a patch can add them)");
            m.put("/" + component + "/extraEnvs", "the static Pod gets no extra environment variables (a patch can add them)");
        }
        return m;
    }

    private static Map<String, String> initConfiguration() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("/dryRun", "use kinit master --dry-run");
        m.put("/bootstrapTokens/*/expires", "a token's expiry is its ttl from the time it is created");
        return m;
    }

    private static Map<String, String> joinConfiguration() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("/dryRun", "use kjoin --dry-run");
        m.put("/caCertPath", "kjoin writes the cluster CA to /etc/kubernetes/pki/ca.crt, kubeadm's default");
        m.put("/discovery/file", "kjoin discovers the cluster with a bootstrap token only");
        m.put("/discovery/tlsBootstrapToken", "the kubelet's TLS bootstrap uses the discovery token, kubeadm's default");
        m.put("/nodeRegistration/taints", "kjoin registers the node without taints (kboot apply's hosts[].taints add them)");
        m.put("/nodeRegistration/kubeletExtraArgs", "kjoin writes the kubelet's flags without extra arguments");
        return m;
    }

    /**
     * Pointers in this document (concrete, list indexes filled in) that set a refused field, with the
     * reason. Unset is absent, null, an empty list or mapping, or false, as kubeadm's defaults print
     * them ({@code taints: null}); so is the value kboot uses anyway: kubeadm's join defaults carry
     * {@code caCertPath: /etc/kubernetes/pki/ca.crt} and a tlsBootstrapToken equal to the discovery token.
     */
    static Map<String, String> foundIn(ConfigLoader.DocumentKind kind, JsonNode document) {
        Map<String, String> found = new LinkedHashMap<>();
        FIELDS.getOrDefault(kind, Map.of()).forEach((pattern, reason) -> {
            for (String pointer : expand(document, pattern)) {
                JsonNode value = document.at(pointer);
                if (isSet(value) && !isKbootsOwn(kind, pointer, value, document)) {
                    found.put(pointer, reason);
                }
            }
        });
        return found;
    }

    private static boolean isSet(JsonNode value) {
        return !(value.isNull() || value.isMissingNode() || (value.isContainerNode() && value.isEmpty())
                || (value.isBoolean() && !value.booleanValue()));
    }

    private static boolean isKbootsOwn(ConfigLoader.DocumentKind kind, String pointer, JsonNode value, JsonNode document) {
        if (kind != ConfigLoader.DocumentKind.JOIN) {
            return false;
        }
        return switch (pointer) {
            case "/caCertPath" -> value.asText().equals(Defaults.CERTIFICATES_DIR + "/ca.crt");
            case "/discovery/tlsBootstrapToken" -> value.asText().equals(document.at("/discovery/bootstrapToken/token").asText());
            default -> false;
        };
    }

    /** The concrete pointers of a pattern that are present in the document. */
    private static List<String> expand(JsonNode document, String pattern) {
        List<String> paths = new ArrayList<>(List.of(""));
        for (String part : pattern.substring(1).split("/")) {
            List<String> next = new ArrayList<>();
            for (String path : paths) {
                JsonNode at = document.at(path);
                if (part.equals("*")) {
                    for (int i = 0; i < at.size() && at.isArray(); i++) {
                        next.add(path + "/" + i);
                    }
                } else if (at.isObject() && at.has(part)) {
                    next.add(path + "/" + part);
                }
            }
            paths = next;
        }
        return paths;
    }
}
