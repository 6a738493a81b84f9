package io.kboot.join;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.api.Resource;
import io.kboot.config.Defaults;
import io.kboot.config.JoinSettings;
import io.kboot.host.Host;
import io.kboot.kubeconfig.Kubeconfig;
import io.kboot.pki.CaPin;
import io.kboot.pki.ClientTls;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.Jws;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Token discovery as kubeadm does it (discovery/token): read {@code kube-public/cluster-info}
 * without trusting the server, check the detached JWS the controller manager's bootstrap signer
 * put next to it (HS256 keyed by the token's secret: only someone holding the token could have
 * signed it) and that its CA matches a pinned hash, then read it again over TLS trusting that CA
 * and insist on the same content. All of it through the joining node, which must reach the
 * endpoint itself anyway.
 */
public final class Discovery {
    /** What discovery established: the API server URL nodes use, and the cluster CA (PEM). */
    public record ClusterInfo(URI server, String caPem) {}

    private Discovery() {}

    /**
     * Finds the cluster, polling cluster-info until it is signed for the token or {@code timeout}
     * (timeouts.discovery) passes. An API server that is unreachable or restarting meanwhile is
     * ridden out ({@link ApiRetry}), and the message on giving up says how long it was away and how
     * long it answered without a signature, so a slow control plane is not blamed on the token.
     */
    public static ClusterInfo discover(Host host, JoinSettings settings, Duration timeout, Consumer<String> progress) {
        BootstrapToken token = settings.discovery().token();
        URI endpoint = URI.create("https://" + settings.discovery().apiServerEndpoint().toString(Defaults.API_BIND_PORT));
        String kubeconfig = ApiRetry.within(timeout).reporting(progress).until(
                "cluster-info at " + endpoint + " signed for token " + token,
                "cluster-info was not signed for token " + token + " (is the token unknown or expired? create one on the control"
                        + " plane with `kboot token create --print-join-command`)",
                () -> fetchSigned(host, endpoint, token));
        Kubeconfig config = Kubeconfig.parse(kubeconfig.getBytes(StandardCharsets.UTF_8));
        String ca = config.certificateAuthorityPem()
                .orElseThrow(() -> new KbootException.StepFailed("discovery: cluster-info has no certificate-authority-data"));
        URI server = URI.create(
                config.server().orElseThrow(() -> new KbootException.StepFailed("discovery: cluster-info has no server")));
        if (settings.discovery().unsafeSkipCaVerification()) {
            progress.accept("Skipping the CA pin check (--discovery-token-unsafe-skip-ca-verification)");
        } else {
            boolean pinned = settings.discovery().caCertHashes().stream().anyMatch(pin -> CaPin.matchesAny(pin, ca));
            if (!pinned) {
                throw new KbootException.InvalidInput("discovery: the cluster CA's public key hash "
                        + CaPin.of(ca) + " does not match --discovery-token-ca-cert-hash "
                        + settings.discovery().caCertHashes().stream().map(CaCertHash::toString).toList()
                        + "; refusing to join (wrong cluster or someone in the middle)");
            }
            progress.accept("Cluster info signature and contents are valid and the CA pin matches (" + CaPin.of(ca) + ")");
        }
        // kubeadm reads it once more, now trusting the CA it just validated: the same server must answer.
        String secure = fetch(host, endpoint, ClientTls.trusting(ca, endpoint.getHost()), ApiRetry.within(timeout))
                .orElseThrow(() -> new KbootException.StepFailed(
                        "discovery: cluster-info disappeared between the insecure and the secure read"))
                .path("data").path("kubeconfig").asText();
        if (!secure.equals(kubeconfig)) {
            throw new KbootException.StepFailed(
                    "discovery: cluster-info changed between the insecure and the secure read; refusing to join");
        }
        return new ClusterInfo(server, ca);
    }

    /** The kubeconfig text if its JWS for this token is present and valid; empty while not yet signed. */
    private static Optional<String> fetchSigned(Host host, URI endpoint, BootstrapToken token) {
        Optional<ObjectNode> read = fetch(host, endpoint, ClientTls.insecure(), ApiRetry.once());
        if (read.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode clusterInfo = read.get();
        String kubeconfig = clusterInfo.path("data").path("kubeconfig").asText("");
        String signature = clusterInfo.path("data").path("jws-kubeconfig-" + token.id()).asText("");
        if (kubeconfig.isEmpty()) {
            throw new KbootException.StepFailed("discovery: cluster-info at " + endpoint + " holds no kubeconfig");
        }
        if (signature.isEmpty()) {
            return Optional.empty();
        }
        if (!Jws.verify(signature, kubeconfig, token)) {
            throw new KbootException.InvalidInput("discovery: the JWS signature of cluster-info for token " + token
                    + " is not valid: the token secret is wrong or cluster-info was altered; refusing to join");
        }
        return Optional.of(kubeconfig);
    }

    /**
     * kube-public/cluster-info; empty while it does not exist (a control plane still coming up), waited out
     * like a missing signature.
     */
    private static Optional<ObjectNode> fetch(Host host, URI endpoint, SSLContext tls, ApiRetry retry) {
        try (ApiConnection connection = ApiConnection.open(host, endpoint, tls, Optional.empty(), retry)) {
            return connection.api().get(Resource.of("v1", "ConfigMap"), "kube-public", "cluster-info");
        }
    }
}
