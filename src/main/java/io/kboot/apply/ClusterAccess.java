package io.kboot.apply;

import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.KubeApi;
import io.kboot.config.Endpoint;
import io.kboot.config.InitBootstrap;
import io.kboot.host.Host;
import io.kboot.kubeconfig.Kubeconfig;
import io.kboot.pki.CaPin;
import io.kboot.report.Reporter;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The way into a made cluster for the stages that act: the control plane whose API server answered
 * (or that init just made), the admin connection to it, and the files there that tell a joining
 * node where and whom to trust. It makes and deletes the joins' bootstrap tokens. Closing it closes
 * the connection.
 *
 * @param apiHost the control plane, named as in the file
 * @param kubeconfigDir where admin.conf is on it
 * @param certificatesDir where the cluster CA's ca.crt is on it
 */
record ClusterAccess(Host apiHost, ApiConnection admin, String kubeconfigDir, String certificatesDir) implements AutoCloseable {
    /** How the cluster's tokens are described, so {@code kboot token list} tells them apart. */
    static final String TOKEN_DESCRIPTION = "kboot apply: ";

    /**
     * What one join stage hands its nodes: a bootstrap token for the stage alone, and where the API
     * server is and the pin of its CA, as kinit's join command gives them.
     */
    record JoinTicket(BootstrapToken token, Endpoint endpoint, CaCertHash caPin) {}

    KubeApi api() {
        return admin.api();
    }

    /** Reads the endpoint and the CA pin, then makes a token valid for {@code ttl}; {@link #revoke} deletes it. */
    JoinTicket issue(String purpose, Duration ttl, Reporter reporter) {
        Endpoint endpoint = endpoint(apiHost, kubeconfigDir + "/admin.conf");
        CaCertHash caPin = caPin(apiHost, certificatesDir + "/ca.crt");
        BootstrapToken token = new Tokens(api()).create(Optional.empty(), ttl, Optional.of(TOKEN_DESCRIPTION + purpose),
                InitBootstrap.DEFAULT_USAGES, InitBootstrap.DEFAULT_GROUPS);
        reporter.info(null, "created bootstrap token " + token + " for the " + purpose + " (valid " + ttl.toMinutes()
                + " min, deleted when done)");
        return new JoinTicket(token, endpoint, caPin);
    }

    /** Deletes the ticket's token; one that cannot be deleted expires on its own, so that is a warning. */
    void revoke(JoinTicket ticket, Reporter reporter) {
        try {
            new Tokens(api()).delete(ticket.token().id());
        } catch (RuntimeException e) {
            reporter.warn(null, "could not delete bootstrap token " + ticket.token() + " (it expires on its own): "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    /** Where joining nodes find the API server: the server of admin.conf, as kinit prints it in its join command. */
    static Endpoint endpoint(Host host, String adminConf) {
        Kubeconfig config = Kubeconfig.parse(host.read(adminConf).orElseThrow(() -> missing(host, adminConf)));
        URI server = URI.create(config.server().orElseThrow(() -> new KbootException.StepFailed(
                host.name() + ": " + adminConf + " has no server")));
        return Endpoint.parse(server.getRawAuthority());
    }

    /** The pin of the cluster CA, from the control plane's own ca.crt. */
    static CaCertHash caPin(Host host, String caCrt) {
        return CaPin.of(new String(host.read(caCrt).orElseThrow(() -> missing(host, caCrt)), StandardCharsets.UTF_8));
    }

    private static KbootException.StepFailed missing(Host host, String path) {
        return new KbootException.StepFailed(host.name() + ": " + path + " does not exist");
    }
}
