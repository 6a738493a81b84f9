package io.kboot.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * etcd's v3 API through its JSON gateway (the gRPC-gateway on the client URL), over the mutual TLS
 * client given: enough for the calls kubeadm's etcd client makes when a control plane joins
 * (MemberAdd as learner, MemberList, MemberPromote) and a put/get as the API server would.
 */
record EtcdGateway(HttpClient http, String clientUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One member as MemberList reports it; a member added but not started has no name yet. */
    record Member(String id, String name, List<String> peerUrls, boolean learner) {}

    void put(String key, String value) throws IOException, InterruptedException {
        post("/v3/kv/put", JSON.createObjectNode().put("key", base64(key)).put("value", base64(value)));
    }

    /** The value of the key, read linearizably (through the leader) unless {@code serializable}. */
    String get(String key, boolean serializable) throws IOException, InterruptedException {
        JsonNode kvs = post("/v3/kv/range", JSON.createObjectNode().put("key", base64(key)).put("serializable", serializable))
                .path("kvs");
        if (kvs.isEmpty()) {
            throw new IllegalStateException("no key " + key + " at " + clientUrl);
        }
        return new String(Base64.getDecoder().decode(kvs.get(0).path("value").asText()), StandardCharsets.UTF_8);
    }

    /** kubeadm's AddMemberAsLearner: the new member's ID. */
    String addLearner(String peerUrl) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("isLearner", true);
        request.putArray("peerURLs").add(peerUrl);
        return post("/v3/cluster/member/add", request).path("member").path("ID").asText();
    }

    /** Fails (with etcd's message) while the learner is not yet in sync with the leader. */
    void promote(String id) throws IOException, InterruptedException {
        post("/v3/cluster/member/promote", JSON.createObjectNode().put("ID", id));
    }

    List<Member> members() throws IOException, InterruptedException {
        JsonNode members = post("/v3/cluster/member/list", JSON.createObjectNode().put("linearizable", true)).path("members");
        return StreamSupport.stream(members.spliterator(), false)
                .map(m -> new Member(m.path("ID").asText(), m.path("name").asText(),
                        StreamSupport.stream(m.path("peerURLs").spliterator(), false).map(JsonNode::asText).toList(),
                        m.path("isLearner").asBoolean()))
                .toList();
    }

    /** GET {@code path} on the client URL: the status and body, for /health, /livez, /readyz. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(clientUrl + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String path, ObjectNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(clientUrl + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST " + clientUrl + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
