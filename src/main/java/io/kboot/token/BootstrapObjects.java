package io.kboot.token;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.templates.Templates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API objects that let nodes join with a bootstrap token, as kubeadm creates them: the token's
 * Secret (cluster-bootstrap's format), the {@code cluster-info} ConfigMap that discovery reads
 * anonymously (the controller manager's bootstrapsigner adds the JWS signatures), and the RBAC
 * from {@code templates/bootstrap/rbac/}, one file per purpose, as the phases that need it create it.
 */
public final class BootstrapObjects {
    /** kubeadm's default group for node tokens. */
    public static final String NODE_TOKEN_GROUP = "system:bootstrappers:kubeadm:default-node-token";
    public static final List<String> DEFAULT_USAGES = List.of("signing", "authentication");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private BootstrapObjects() {}

    /** Every RBAC object for discovery, node bootstrap, CSR approval and rotation, and admin access. */
    public static List<ObjectNode> rbac() {
        List<ObjectNode> all = new ArrayList<>(clusterAdmins());
        all.addAll(kubeadmConfigReaders());
        all.addAll(kubeletConfigReaders());
        all.addAll(rbacFile("node-bootstrap"));
        return all;
    }

    /** The kubeadm:cluster-admins ClusterRoleBinding: admin.conf's group is cluster-admin through it. */
    public static List<ObjectNode> clusterAdmins() {
        return rbacFile("cluster-admins");
    }

    /** Nodes and bootstrap tokens may read kube-system/kubeadm-config. */
    public static List<ObjectNode> kubeadmConfigReaders() {
        return rbacFile("nodes-kubeadm-config");
    }

    /** Nodes and bootstrap tokens may read kube-system/kubelet-config. */
    public static List<ObjectNode> kubeletConfigReaders() {
        return rbacFile("kubelet-config");
    }

    /** Bootstrap tokens may read kube-system/kubeadm-certs (with --upload-certs). */
    public static List<ObjectNode> clusterCertsReaders() {
        return rbacFile("kubeadm-certs");
    }

    private static List<ObjectNode> rbacFile(String name) {
        return Templates.renderTrees("bootstrap/rbac/" + name + ".yaml", Map.of());
    }

    /**
     * {@code kube-system/bootstrap-token-<id>} of type {@code bootstrap.kubernetes.io/token}. The
     * expiration is RFC 3339 in UTC with seconds, as kubeadm writes it.
     */
    public static ObjectNode tokenSecret(BootstrapToken token, Optional<String> description, Instant expiration,
            List<String> usages, List<String> groups) {
        ObjectNode secret = NODES.objectNode().put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put("name", "bootstrap-token-" + token.id()).put("namespace", "kube-system");
        secret.put("type", "bootstrap.kubernetes.io/token");
        ObjectNode data = secret.putObject("data");
        if (!groups.isEmpty()) {
            data.put("auth-extra-groups", base64(String.join(",", groups)));
        }
        description.ifPresent(d -> data.put("description", base64(d)));
        data.put("expiration", base64(expiration.truncatedTo(ChronoUnit.SECONDS).toString()));
        data.put("token-id", base64(token.id()));
        data.put("token-secret", base64(token.secret()));
        usages.stream().sorted().forEach(usage -> data.put("usage-bootstrap-" + usage, base64("true")));
        return secret;
    }

    /**
     * {@code kube-public/cluster-info}: a kubeconfig with only the cluster (server and CA), the cluster
     * nameless, in the exact text kubeadm v1.36 serializes. Discovery verifies the JWS over this text.
     */
    public static ObjectNode clusterInfo(String server, String caPem) {
        String kubeconfig = "apiVersion: v1\n"
                + "clusters:\n"
                + "- cluster:\n"
                + "    certificate-authority-data: " + base64(caPem) + "\n"
                + "    server: " + server + "\n"
                + "  name: \"\"\n"
                + "contexts: null\n"
                + "current-context: \"\"\n"
                + "kind: Config\n"
                + "users: null\n";
        ObjectNode configMap = NODES.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        configMap.putObject("data").put("kubeconfig", kubeconfig);
        configMap.putObject("metadata").put("name", "cluster-info").put("namespace", "kube-public");
        return configMap;
    }

    private static String base64(String text) {
        return BASE64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
