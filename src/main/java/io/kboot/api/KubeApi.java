package io.kboot.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The few Kubernetes API calls kboot makes, over java.net.http with mutual TLS (a client
 * certificate from the cluster's PKI) or a bearer token (a bootstrap token). Objects are JSON
 * trees; kboot builds them from templates and reads back only the fields it needs.
 */
public final class KubeApi {
    static final ObjectMapper JSON = new ObjectMapper();
    /** kubeadm's read timeout for API calls (constants.go: 15 s); writes get 40 s. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(40);
    /** kubeadm's default timeouts.kubernetesAPICall: how long one call rides out an API server that is away. */
    public static final Duration CALL_BOUND = Duration.ofMinutes(1);

    private final URI server;
    private final String shownAs;
    private final HttpClient http;
    private final Optional<String> bearerToken;
    /** Set for --dry-run: writes are described to it and not sent; reads find nothing unless there is a server (http). */
    private final Consumer<String> planner;
    /** Kinds outside {@link Resource}'s table, as the API server's discovery described them. */
    private final Map<String, Resource> discovered;
    /** How each call is retried (see {@link ApiRetry}). */
    private final ApiRetry retry;

    /**
     * @param server      https://host:port of the API server
     * @param tls         trusts the cluster CA and, for mTLS, holds the client certificate
     * @param bearerToken for bootstrap-token requests; never logged
     */
    public KubeApi(URI server, SSLContext tls, Optional<String> bearerToken) {
        this(server, server.toString(), tls, bearerToken);
    }

    /** @param shownAs how messages name the server, e.g. "https://10.0.0.5:6443 (through 127.0.0.1:40123)" */
    public KubeApi(URI server, String shownAs, SSLContext tls, Optional<String> bearerToken) {
        this(server, shownAs, tls, bearerToken, ApiRetry.within(CALL_BOUND));
    }

    /** @param retry how each call is retried: within the step's bound, or {@link ApiRetry#once()} */
    public KubeApi(URI server, String shownAs, SSLContext tls, Optional<String> bearerToken, ApiRetry retry) {
        this.server = server;
        this.shownAs = shownAs;
        this.bearerToken = bearerToken;
        this.planner = null;
        this.discovered = new ConcurrentHashMap<>();
        this.retry = retry;
        // The server's name is checked by the context's trust manager (pki.ClientTls) against the
        // name kboot expects, since the connection often goes through a forwarded local port.
        this.http = HttpClient.newBuilder().sslContext(tls).sslParameters(tls.getDefaultSSLParameters())
                .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    }

    private KubeApi(Consumer<String> planner) {
        this.server = URI.create("https://dry-run.invalid");
        this.shownAs = "(dry run)";
        this.bearerToken = Optional.empty();
        this.planner = planner;
        this.http = null;
        this.discovered = new ConcurrentHashMap<>();
        this.retry = ApiRetry.once();
    }

    private KubeApi(KubeApi other, ApiRetry retry) {
        this(other, retry, other.planner);
    }

    private KubeApi(KubeApi other, ApiRetry retry, Consumer<String> planner) {
        this.server = other.server;
        this.shownAs = other.shownAs;
        this.bearerToken = other.bearerToken;
        this.planner = planner;
        this.http = other.http;
        this.discovered = other.discovered;
        this.retry = retry;
    }

    /** The same client (connection, credentials), its calls retried by {@code retry} instead. */
    public KubeApi withRetry(ApiRetry retry) {
        return new KubeApi(this, retry);
    }

    /** The same client making one attempt per call: for calls inside a wait that retries as a whole. */
    public KubeApi once() {
        return withRetry(ApiRetry.once());
    }

    /** For --dry-run: nothing is sent; each write is described ("create ConfigMap kube-system/x") to the planner. */
    public static KubeApi planning(Consumer<String> planner) {
        return new KubeApi(planner);
    }

    /**
     * For an upgrade's --dry-run: this client's reads go to the cluster as before (the plan depends on
     * what runs), its writes are described to the planner and not sent.
     */
    public KubeApi planningWrites(Consumer<String> planner) {
        return new KubeApi(this, retry, planner);
    }

    /** True for a --dry-run client that sends no write (and, made by {@link #planning}, no read either). */
    public boolean planning() {
        return planner != null;
    }

    public URI server() {
        return server;
    }

    /** GET of a health endpoint such as /readyz; the body and status, never an exception for non-200. */
    public HttpResponse<String> health(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public Optional<ObjectNode> get(Resource resource, String namespace, String name) {
        if (planning() && http == null) {
            return Optional.empty();
        }
        HttpResponse<String> response = send(request(resource.objectPath(namespace, name)).GET().timeout(READ_TIMEOUT).build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(ok(response, "get " + resource.kind() + " " + name)));
    }

    public ObjectNode create(ObjectNode object) {
        if (planning()) {
            return plan("create", object);
        }
        return parse(ok(post(object), "create " + target(object)));
    }

    /**
     * Creates the object or, if it exists, replaces it (kubeadm's CreateOrUpdate). It reads first:
     * a Service with a fixed cluster IP that exists fails its create on the taken IP (422), not
     * on the name (409).
     */
    public ObjectNode createOrUpdate(ObjectNode object) {
        if (planning()) {
            return plan("create or update", object);
        }
        Target t = target(object);
        Optional<ObjectNode> current = get(t.resource(), t.namespace(), t.name());
        if (current.isEmpty()) {
            return createUnlessExists(object).orElseGet(() -> createOrUpdate(object));
        }
        ObjectNode replacement = object.deepCopy();
        replacement.withObject("metadata").set("resourceVersion", current.get().path("metadata").path("resourceVersion"));
        keepAllocated(current.get(), replacement);
        return parse(ok(
                send(withBody(request(t.resource().objectPath(t.namespace(), t.name())), "PUT", replacement, "application/json")),
                "update " + t));
    }

    /** Fields the API server allocated and will not let an update drop (a Service's cluster IPs). */
    private static void keepAllocated(ObjectNode current, ObjectNode replacement) {
        if (!replacement.path("kind").asText().equals("Service")) {
            return;
        }
        ObjectNode spec = replacement.withObject("spec");
        for (String field : new String[] {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"}) {
            if (!spec.has(field) && current.path("spec").has(field)) {
                spec.set(field, current.path("spec").get(field));
            }
        }
    }

    /** Creates the object unless one with its name exists (kubeadm's CreateOrRetain). */
    public ObjectNode createIfAbsent(ObjectNode object) {
        if (planning()) {
            return plan("create if absent", object);
        }
        return createUnlessExists(object).orElseGet(() -> {
            Target t = target(object);
            return get(t.resource(), t.namespace(), t.name())
                    .orElseThrow(() -> new ApiException(409, t + " exists but cannot be read back"));
        });
    }

    /** POSTs the object; empty if one with its name exists (HTTP 409), any other error thrown. */
    private Optional<ObjectNode> createUnlessExists(ObjectNode object) {
        HttpResponse<String> response = post(object);
        if (response.statusCode() == 409) {
            return Optional.empty();
        }
        return Optional.of(parse(ok(response, "create " + target(object))));
    }

    private HttpResponse<String> post(ObjectNode object) {
        Target t = target(object);
        // Some of kubeadm's templates carry resourceVersion "0", which a create must not send.
        ObjectNode fresh = object.deepCopy();
        fresh.withObject("metadata").remove("resourceVersion");
        return send(withBody(request(t.resource().collectionPath(t.namespace())), "POST", fresh, "application/json"));
    }

    /** A JSON merge patch (RFC 7386). */
    public ObjectNode mergePatch(Resource resource, String namespace, String name, ObjectNode patch) {
        if (planning()) {
            planner.accept("patch " + new Target(resource, namespace, name));
            return patch;
        }
        HttpResponse<String> response = send(withBody(request(resource.objectPath(namespace, name)), "PATCH", patch,
                "application/merge-patch+json"));
        return parse(ok(response, "patch " + resource.kind() + " " + name));
    }

    /** Deletes the object; true if it existed. */
    public boolean delete(Resource resource, String namespace, String name) {
        if (planning()) {
            planner.accept("delete " + new Target(resource, namespace, name));
            return false;
        }
        HttpResponse<String> response =
                send(request(resource.objectPath(namespace, name)).DELETE().timeout(WRITE_TIMEOUT).build());
        if (response.statusCode() == 404) {
            return false;
        }
        ok(response, "delete " + resource.kind() + " " + name);
        return true;
    }

    /** The list of objects in a collection, optionally filtered by a field selector. */
    public JsonNode list(Resource resource, String namespace, Optional<String> fieldSelector) {
        if (planning() && http == null) {
            return JSON.createArrayNode();
        }
        String path = resource.collectionPath(namespace) + fieldSelector.map(s -> "?fieldSelector=" + s).orElse("");
        return parse(ok(send(request(path).GET().timeout(READ_TIMEOUT).build()), "list " + resource.plural())).path("items");
    }

    /** The objects of a namespaced kind in every namespace, filtered by a field selector such as "spec.nodeName=w1". */
    public JsonNode listEverywhere(Resource resource, String fieldSelector) {
        if (planning()) {
            return JSON.createArrayNode();
        }
        String base = resource.apiVersion().contains("/") ? "/apis/" + resource.apiVersion() : "/api/" + resource.apiVersion();
        String path =
                base + "/" + resource.plural() + "?fieldSelector=" + URLEncoder.encode(fieldSelector, StandardCharsets.UTF_8);
        return parse(ok(send(request(path).GET().timeout(READ_TIMEOUT).build()), "list " + resource.plural())).path("items");
    }

    /**
     * Deletes the object with the given grace period (a Pod's: zero removes it at once, what a
     * kubelet does once its containers are gone); true if it existed.
     */
    public boolean delete(Resource resource, String namespace, String name, Duration gracePeriod) {
        if (planning()) {
            planner.accept("delete " + new Target(resource, namespace, name));
            return false;
        }
        ObjectNode options = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions")
                .put("gracePeriodSeconds", gracePeriod.toSeconds());
        HttpResponse<String> response =
                send(withBody(request(resource.objectPath(namespace, name)), "DELETE", options, "application/json"));
        if (response.statusCode() == 404) {
            return false;
        }
        ok(response, "delete " + resource.kind() + " " + name);
        return true;
    }

    /** What the API server answered a request whose refusals the caller tells apart: the status and its message. */
    public record Answer(int status, String message) {
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * POSTs {@code body} to a subresource ("eviction" of a Pod) and returns the answer as it is,
     * 429 included: an eviction's 429 is a PodDisruptionBudget's refusal, which only the caller
     * can bound (a drain's timeout), not this client's generic retry. An unreachable API server
     * and its 5xx answers are still retried within this client's bound.
     */
    public Answer postSubresource(Resource resource, String namespace, String name, String subresource, ObjectNode body) {
        if (planning()) {
            planner.accept("create " + subresource + " of " + new Target(resource, namespace, name));
            return new Answer(201, "");
        }
        HttpRequest request =
                withBody(request(resource.objectPath(namespace, name) + "/" + subresource), "POST", body, "application/json");
        String doing = request.method() + " " + request.uri().getRawPath();
        HttpResponse<String> response = retry.call(doing, () -> {
            HttpResponse<String> r = sendOnce(request);
            if (r.statusCode() != 429 && ApiRetry.mayRetry(r.statusCode())) {
                throw new ApiException(r.statusCode(), doing + " failed (HTTP " + r.statusCode() + "): " + statusMessage(r));
            }
            return r;
        });
        return new Answer(response.statusCode(), statusMessageWithCauses(response));
    }

    /** The objects in a collection whose labels match the selector, such as "component=etcd,tier=control-plane". */
    public JsonNode listLabeled(Resource resource, String namespace, String labelSelector) {
        if (planning() && http == null) {
            return JSON.createArrayNode();
        }
        String path = resource.collectionPath(namespace) + "?labelSelector="
                + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
        return parse(ok(send(request(path).GET().timeout(READ_TIMEOUT).build()), "list " + resource.plural())).path("items");
    }

    private ObjectNode plan(String verb, ObjectNode object) {
        planner.accept(verb + " " + target(object));
        return object;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.resolve(path)).header("Accept", "application/json")
                .header("User-Agent", "kboot");
        bearerToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    /**
     * Sends under this client's {@link ApiRetry}: unreachable, and the answers it may retry
     * ({@link ApiRetry#mayRetry}), are retried within its bound; every other answer goes to the
     * caller as it is.
     */
    private HttpResponse<String> send(HttpRequest request) {
        String doing = request.method() + " " + request.uri().getRawPath();
        return retry.call(doing, () -> {
            HttpResponse<String> response = sendOnce(request);
            int status = response.statusCode();
            if (ApiRetry.mayRetry(status)) {
                throw new ApiException(status, doing + " failed (HTTP " + status + "): " + statusMessage(response));
            }
            return response;
        });
    }

    private HttpResponse<String> sendOnce(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiUnreachable("cannot reach the API server at " + shownAs + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while calling the API server", e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The body of a 2xx response; otherwise the API server's own Status message as an ApiException. */
    private static String ok(HttpResponse<String> response, String doing) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        throw new ApiException(status, doing + " failed (HTTP " + status + "): " + statusMessage(response));
    }

    /** The message of the API server's Status object, else the raw body. */
    private static String statusMessage(HttpResponse<String> response) {
        try {
            JsonNode statusObject = JSON.readTree(response.body());
            if (statusObject.hasNonNull("message")) {
                return statusObject.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not a Status object: keep the raw body
        }
        String body = response.body().strip();
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /** The Status message and its causes' messages (a PodDisruptionBudget names itself in a cause). */
    private static String statusMessageWithCauses(HttpResponse<String> response) {
        StringBuilder message = new StringBuilder(statusMessage(response));
        try {
            for (JsonNode cause : JSON.readTree(response.body()).path("details").path("causes")) {
                String text = cause.path("message").asText("");
                if (!text.isEmpty() && message.indexOf(text) < 0) {
                    message.append(message.length() == 0 ? "" : " ").append(text);
                }
            }
        } catch (JsonProcessingException e) {
            // not a Status object: the raw body is the message
        }
        return message.toString();
    }

    private static ObjectNode parse(String body) {
        try {
            return (ObjectNode) JSON.readTree(body);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new KbootException.StepFailed("the API server sent something that is not a JSON object");
        }
    }

    /** A write: the method with a JSON body of the given content type and the write timeout. */
    private static HttpRequest withBody(HttpRequest.Builder builder, String method, JsonNode object, String contentType) {
        return builder.method(method, body(object)).header("Content-Type", contentType).timeout(WRITE_TIMEOUT).build();
    }

    private static HttpRequest.BodyPublisher body(JsonNode object) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where an object goes: a kind from kboot's table, else from the API server's discovery
     * document (a user's CNI manifest brings CRDs and kinds kboot never heard of). A namespaced
     * object without a namespace goes to "default", as kubectl apply puts it.
     */
    private Target target(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        Resource resource = Resource.known(apiVersion, kind).orElseGet(() -> discover(apiVersion, kind));
        JsonNode metadata = object.path("metadata");
        String namespace = metadata.path("namespace").asText(null);
        if (resource.namespaced() && (namespace == null || namespace.isEmpty())) {
            namespace = "default";
        }
        return new Target(resource, resource.namespaced() ? namespace : null, metadata.path("name").asText());
    }

    /** The resource of a kind from GET /api/v1 or /apis/GROUP/VERSION. */
    public Resource discover(String apiVersion, String kind) {
        if (planning() && http == null) {
            return new Resource(apiVersion, kind, kind.toLowerCase(Locale.ROOT) + "s", true);
        }
        return discovered.computeIfAbsent(apiVersion + "/" + kind, key -> {
            String path = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
            for (JsonNode r : parse(ok(send(request(path).GET().timeout(READ_TIMEOUT).build()), "discover " + apiVersion))
                    .path("resources")) {
                if (r.path("kind").asText().equals(kind) && !r.path("name").asText().contains("/")) {
                    return new Resource(apiVersion, kind, r.path("name").asText(), r.path("namespaced").asBoolean());
                }
            }
            throw new ApiException(404, "the API server does not serve " + kind + " in " + apiVersion);
        });
    }

    /** The resource, namespace and name of an object about to be written. */
    record Target(Resource resource, String namespace, String name) {

        @Override
        public String toString() {
            return resource.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
        }
    }
}
