package io.kboot.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.host.Host;
import io.kboot.host.Tunnel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;

/**
 * The few etcd cluster calls kubeadm's util/etcd makes (MemberList; MemberAdd as a learner and
 * MemberPromote when a control plane joins; MemberRemove when one is reset), and the maintenance
 * calls a backup needs (Status, Snapshot), through etcd's v3 JSON gateway on a member's client URL,
 * reached through the node ({@link Host#forward}) over mutual TLS.
 */
public final class EtcdClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A member as etcd reports it; one added but not yet started has no name. IDs are decimal strings. */
    public record Member(String id, String name, List<String> peerUrls, boolean learner) {
        /** "name=peerURL" for etcd's --initial-cluster. */
        public String initialClusterEntry(String nameIfUnknown) {
            return (name.isEmpty() ? nameIfUnknown : name) + "=" + peerUrls.get(0);
        }
    }

    private final Tunnel tunnel;
    private final HttpClient http;
    private final URI endpoint;
    private final URI base;

    private EtcdClient(Tunnel tunnel, HttpClient http, URI endpoint) {
        this.tunnel = tunnel;
        this.http = http;
        this.endpoint = endpoint;
        this.base = URI.create("https://" + ApiConnection.hostPort(tunnel));
    }

    /** To a member's client URL ("https://10.0.0.1:2379") as the host reaches it; TLS checks the server for that address. */
    public static EtcdClient open(Host host, URI endpoint, SSLContext tls) {
        Tunnel tunnel = host.forward(endpoint.getHost(), endpoint.getPort() == -1 ? 2379 : endpoint.getPort());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls).sslParameters(tls.getDefaultSSLParameters()).build();
        return new EtcdClient(tunnel, http, endpoint);
    }

    public List<Member> members() {
        return parseMembers(post("/v3/cluster/member/list", JSON.createObjectNode().put("linearizable", true)).path("members"));
    }

    /** kubeadm's AddMemberAsLearner: etcd answers with the new member and every member of the cluster. */
    public AddResult addLearner(String peerUrl) {
        ObjectNode request = JSON.createObjectNode().put("isLearner", true);
        request.putArray("peerURLs").add(peerUrl);
        JsonNode answer = post("/v3/cluster/member/add", request);
        return new AddResult(answer.path("member").path("ID").asText(), parseMembers(answer.path("members")));
    }

    /** What MemberAdd answered: the new member's ID and all members, the new one included. */
    public record AddResult(String id, List<Member> members) {}

    /** Fails while the learner has not caught up with the leader; callers retry. */
    public void promote(String id) {
        post("/v3/cluster/member/promote", JSON.createObjectNode().put("ID", id));
    }

    /** kubeadm's RemoveMember: the members left. A member removed through itself stops serving right after. */
    public List<Member> remove(String id) {
        return parseMembers(post("/v3/cluster/member/remove", JSON.createObjectNode().put("ID", id)).path("members"));
    }

    /**
     * A member's Status. The gateway writes 64-bit numbers as strings and, depending on etcd's
     * marshaler options, proto or JSON field names; both are read.
     *
     * @param clusterId etcd's cluster ID, hex as etcdctl prints it
     * @param memberId  the answering member's ID, hex
     * @param revision  the store's revision when it answered
     * @param dbSize    the backend database's size in bytes
     * @param version   the member's etcd version, "3.6.8"
     */
    public record Status(String clusterId, String memberId, long revision, long dbSize, String version) {}

    public Status status() {
        JsonNode answer = post("/v3/maintenance/status", JSON.createObjectNode());
        JsonNode header = answer.path("header");
        return new Status(hex(field(header, "cluster_id", "clusterId").asText()),
                hex(field(header, "member_id", "memberId").asText()),
                number(field(header, "revision", "revision")), number(field(answer, "dbSize", "db_size")),
                answer.path("version").asText(""));
    }

    /**
     * etcd's Maintenance.Snapshot streamed into {@code out}: the backend database followed by its
     * SHA-256, as etcd sends it and {@code etcdctl snapshot save} writes it (etcdutl checks the sum on
     * restore). Returns the bytes written; {@code progress} gets the running count.
     */
    public long snapshot(OutputStream out, LongConsumer progress) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v3/maintenance/snapshot"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new KbootException.StepFailed("etcd at " + endpoint + " refused the snapshot: HTTP "
                            + response.statusCode() + " " + new String(body.readNBytes(4096), StandardCharsets.UTF_8));
                }
                return copyChunks(body, out, progress);
            }
        } catch (IOException e) {
            throw new KbootException.StepFailed("the snapshot from etcd at " + endpoint + " broke off: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while taking the etcd snapshot", e);
        }
    }

    /** The gateway's server stream: one {"result":{…,"blob":base64}} (or {"error":…}) object per message. */
    static long copyChunks(InputStream body, OutputStream out, LongConsumer progress) throws IOException {
        long written = 0;
        try (var messages = JSON.readerFor(JsonNode.class).<JsonNode>readValues(body)) {
            while (messages.hasNextValue()) {
                JsonNode message = messages.nextValue();
                if (message.has("error")) {
                    JsonNode error = message.path("error");
                    throw new KbootException.StepFailed(
                            "etcd stopped the snapshot: " + error.path("message").asText(error.toString()));
                }
                String blob = message.path("result").path("blob").asText("");
                byte[] bytes = Base64.getDecoder().decode(blob);
                out.write(bytes);
                written += bytes.length;
                progress.accept(written);
            }
        }
        if (written == 0) {
            throw new KbootException.StepFailed("etcd sent an empty snapshot");
        }
        return written;
    }

    private static JsonNode field(JsonNode node, String protoName, String jsonName) {
        return node.has(protoName) ? node.path(protoName) : node.path(jsonName);
    }

    private static long number(JsonNode value) {
        return value.isMissingNode() ? 0 : Long.parseUnsignedLong(value.asText("0"));
    }

    /** etcdctl prints IDs in hex; the gateway gives them in decimal. Text that is no number stays as it is. */
    public static String hex(String id) {
        try {
            return Long.toHexString(Long.parseUnsignedLong(id));
        } catch (NumberFormatException e) {
            return id;
        }
    }

    static List<Member> parseMembers(JsonNode members) {
        return StreamSupport.stream(members.spliterator(), false)
                .map(m -> new Member(m.path("ID").asText(), m.path("name").asText(""),
                        StreamSupport.stream(m.path("peerURLs").spliterator(), false).map(JsonNode::asText).toList(),
                        m.path("isLearner").asBoolean()))
                .toList();
    }

    private JsonNode post(String path, ObjectNode body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new KbootException.StepFailed("etcd at " + endpoint + path + ": HTTP " + response.statusCode() + " "
                        + JSON.readTree(response.body()).path("message").asText(response.body()));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new KbootException.StepFailed("cannot reach etcd at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while calling etcd", e);
        }
    }

    @Override
    public void close() {
        tunnel.close();
    }
}
