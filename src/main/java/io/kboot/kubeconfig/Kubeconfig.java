package io.kboot.kubeconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.kboot.pki.CertAndKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A kubeconfig file as a YAML tree. Created ones have exactly the layout of kubeadm's
 * (clientcmd.Write: keys sorted, two-space indent, unsplit base64); parsed ones keep every field
 * they had, so replacing the client credentials changes nothing else.
 */
public final class Kubeconfig {
    private final ObjectNode root;

    private Kubeconfig(ObjectNode root) {
        this.root = root;
    }

    /** The tree itself, for {@link KubeconfigLoading}'s merge; not a copy. */
    ObjectNode tree() {
        return root;
    }

    static Kubeconfig of(ObjectNode root) {
        return new Kubeconfig(root);
    }

    /**
     * One cluster named {@code clusterName}, one user named after the certificate's CN, and the
     * context "user@cluster" as the current one (kubeadm CreateWithCerts).
     */
    public static Kubeconfig create(String clusterName, String server, String caPem, String userName,
            CertAndKey credentials) {
        Kubeconfig config = skeleton(clusterName, server, caPem, userName);
        ObjectNode userBody = (ObjectNode) config.root.path("users").get(0).path("user");
        userBody.put("client-certificate-data", base64(credentials.certificatePem()));
        userBody.put("client-key-data", base64(credentials.privateKeyPem()));
        return config;
    }

    /**
     * kubeadm's bootstrap-kubelet.conf (CreateWithToken): user "tls-bootstrap-token-user" with the
     * bootstrap token, for the kubelet's TLS bootstrap. Holds a secret: write it 0600.
     */
    public static Kubeconfig withToken(String clusterName, String server, String caPem, String userName, String token) {
        Kubeconfig config = skeleton(clusterName, server, caPem, userName);
        ((ObjectNode) config.root.path("users").get(0).path("user")).put("token", token);
        return config;
    }

    private static Kubeconfig skeleton(String clusterName, String server, String caPem, String userName) {
        ObjectNode root = Yaml.MAPPER.createObjectNode();
        String contextName = userName + "@" + clusterName;
        root.put("apiVersion", "v1");
        ObjectNode cluster = root.putArray("clusters").addObject();
        ObjectNode clusterBody = cluster.putObject("cluster");
        clusterBody.put("certificate-authority-data", base64(caPem));
        clusterBody.put("server", server);
        cluster.put("name", clusterName);
        ObjectNode context = root.putArray("contexts").addObject();
        ObjectNode contextBody = context.putObject("context");
        contextBody.put("cluster", clusterName);
        contextBody.put("user", userName);
        context.put("name", contextName);
        root.put("current-context", contextName);
        // No "preferences: {}": client-go omits the empty field (omitzero) since v0.35.
        root.put("kind", "Config");
        ObjectNode user = root.putArray("users").addObject();
        user.put("name", userName);
        user.putObject("user");
        return new Kubeconfig(root);
    }

    /** Parses a kubeconfig; IllegalArgumentException (without content) if it is not one. */
    public static Kubeconfig parse(byte[] yaml) {
        try {
            JsonNode node = Yaml.MAPPER.readTree(yaml);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("not a kubeconfig: the document is not a mapping");
            }
            return new Kubeconfig(object);
        } catch (IOException e) {
            // Jackson's message may quote the document, and so a key: keep the location only.
            String where = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() : "";
            throw new IllegalArgumentException("not valid YAML" + where);
        }
    }

    public String render() {
        try {
            return Yaml.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a kubeconfig", e);
        }
    }

    public Optional<String> currentContext() {
        return text(root, "current-context").filter(s -> !s.isEmpty());
    }

    /** The server of the current context's cluster (see {@link #cluster()}). */
    public Optional<String> server() {
        return cluster().flatMap(c -> text(c, "server"));
    }

    public Optional<String> certificateAuthorityPem() {
        return cluster().flatMap(c -> text(c, "certificate-authority-data")).map(Kubeconfig::decode);
    }

    public Optional<String> userName() {
        return context().flatMap(c -> text(c, "user"));
    }

    /** Empty when the user has no embedded certificate (e.g. kubelet.conf pointing at a rotated file). */
    public Optional<String> clientCertificatePem() {
        return user().flatMap(u -> text(u, "client-certificate-data")).map(Kubeconfig::decode);
    }

    public Optional<String> clientKeyPem() {
        return user().flatMap(u -> text(u, "client-key-data")).map(Kubeconfig::decode);
    }

    /** A copy whose current cluster's server is {@code server} (an https:// URL). */
    public Kubeconfig withServer(String server) {
        Kubeconfig result = new Kubeconfig(root.deepCopy());
        result.cluster().orElseThrow(() -> new IllegalArgumentException("the current context has no cluster to update"))
                .put("server", server);
        return result;
    }

    /** A copy with the current user's embedded certificate and key replaced. */
    public Kubeconfig withClientCredentials(CertAndKey credentials) {
        ObjectNode copy = root.deepCopy();
        Kubeconfig result = new Kubeconfig(copy);
        ObjectNode user =
                result.user().orElseThrow(() -> new IllegalArgumentException("the current context has no user to update"));
        user.put("client-certificate-data", base64(credentials.certificatePem()));
        user.put("client-key-data", base64(credentials.privateKeyPem()));
        return result;
    }

    private Optional<ObjectNode> context() {
        return currentContext().flatMap(name -> named(root.get("contexts"), name, "context"));
    }

    /**
     * The current context's cluster; without a current context (cluster-info has none, and its
     * one cluster has an empty name) the first cluster, as client-go's discovery takes it.
     */
    private Optional<ObjectNode> cluster() {
        if (currentContext().isEmpty() && root.get("clusters") instanceof ArrayNode clusters && !clusters.isEmpty()
                && clusters.get(0).get("cluster") instanceof ObjectNode first) {
            return Optional.of(first);
        }
        return context().flatMap(c -> text(c, "cluster")).flatMap(name -> named(root.get("clusters"), name, "cluster"));
    }

    private Optional<ObjectNode> user() {
        return userName().flatMap(name -> named(root.get("users"), name, "user"));
    }

    /** The body of the entry of a named list ("clusters", "users", "contexts") with that name. */
    private static Optional<ObjectNode> named(JsonNode list, String name, String body) {
        if (!(list instanceof ArrayNode array)) {
            return Optional.empty();
        }
        for (JsonNode entry : array) {
            if (name.equals(entry.path("name").asText(null)) && entry.get(body) instanceof ObjectNode o) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("embedded data is not valid base64");
        }
    }

    @Override
    public String toString() {
        return "Kubeconfig[" + currentContext().orElse("no current context") + "]";
    }

    /** Built on first use: a YAML mapper costs a few hundred milliseconds in a fresh JVM. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .build());
    }
}
