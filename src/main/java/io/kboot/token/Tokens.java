package io.kboot.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.Randomness;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code kboot token create | list | delete}: bootstrap tokens as the cluster stores them, Secrets
 * {@code kube-system/bootstrap-token-<id>}. A token's secret leaves kboot only once, when it is
 * created; listing shows ids.
 */
public final class Tokens {
    private static final Resource SECRET = Resource.of("v1", "Secret");

    /** A stored token, without its secret. */
    public record Listed(String id, Optional<Instant> expires, List<String> usages, List<String> groups,
            Optional<String> description) {}

    private final KubeApi api;

    public Tokens(KubeApi api) {
        this.api = api;
    }

    /** Creates a token (the given one, or a new random one) valid for {@code ttl}; zero means it never expires. */
    public BootstrapToken create(Optional<BootstrapToken> given, Duration ttl, Optional<String> description, List<String> usages,
            List<String> groups) {
        BootstrapToken token = given.orElseGet(() -> BootstrapToken.generate(Randomness.strong()));
        var secret = BootstrapObjects.tokenSecret(token, description, Instant.now().plus(ttl), usages, groups);
        if (ttl.isZero()) {
            ((ObjectNode) secret.path("data")).remove("expiration");
        }
        api.create(secret);
        return token;
    }

    public List<Listed> list() {
        List<Listed> tokens = new ArrayList<>();
        for (JsonNode secret : api.list(SECRET, "kube-system", Optional.of("type=bootstrap.kubernetes.io/token"))) {
            JsonNode data = secret.path("data");
            Optional<String> id = text(data, "token-id");
            if (id.isEmpty()) {
                continue;
            }
            List<String> usages = new ArrayList<>();
            data.fieldNames().forEachRemaining(f -> {
                if (f.startsWith("usage-bootstrap-") && text(data, f).orElse("").equals("true")) {
                    usages.add(f.substring("usage-bootstrap-".length()));
                }
            });
            tokens.add(new Listed(id.get(), text(data, "expiration").map(Instant::parse), usages,
                    text(data, "auth-extra-groups").map(g -> List.of(g.split(","))).orElse(List.of()),
                    text(data, "description")));
        }
        return tokens;
    }

    /**
     * Deletes the token given as "id" or "id.secret".
     *
     * @throws KbootException.InvalidInput if it is neither, or no such token exists
     */
    public void delete(String idOrToken) {
        String id = idOrToken.contains(".") ? BootstrapToken.parse(idOrToken).id() : idOrToken;
        if (!id.matches("[a-z0-9]{6}")) {
            throw new KbootException.InvalidInput("\"" + id + "\" is not a token id (6 characters a-z0-9) or a token");
        }
        if (!api.delete(SECRET, "kube-system", "bootstrap-token-" + id)) {
            throw new KbootException.InvalidInput("no bootstrap token with id " + id);
        }
    }

    private static Optional<String> text(JsonNode data, String field) {
        return data.has(field)
                ? Optional.of(new String(Base64.getDecoder().decode(data.get(field).asText()), StandardCharsets.UTF_8))
                : Optional.empty();
    }
}
