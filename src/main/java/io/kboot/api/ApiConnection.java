package io.kboot.api;

import io.kboot.KbootException;
import io.kboot.host.DryRunHost;
import io.kboot.host.Host;
import io.kboot.host.Tunnel;
import io.kboot.kubeconfig.Kubeconfig;
import io.kboot.pki.ClientTls;
import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A {@link KubeApi} for a node's cluster, reached through the node: the API server's address is
 * forwarded over the node's connection ({@link Host#forward}), so the workstation needs no route
 * to the cluster network, and TLS checks the server against the name in the kubeconfig. With a
 * {@link DryRunHost} the client only plans: nothing is sent, writes become lines of the plan.
 */
public final class ApiConnection implements AutoCloseable {
    private final Optional<Tunnel> tunnel;
    private final KubeApi api;

    private ApiConnection(Optional<Tunnel> tunnel, KubeApi api) {
        this.tunnel = tunnel;
        this.api = api;
    }

    /** With the credentials of a kubeconfig file on the host, such as /etc/kubernetes/admin.conf. */
    public static ApiConnection open(Host host, String kubeconfigPath) {
        return open(host, kubeconfigPath, ApiRetry.within(KubeApi.CALL_BOUND));
    }

    /** As {@link #open(Host, String)}, each call retried by {@code retry} (the run's timeouts.kubernetesAPICall). */
    public static ApiConnection open(Host host, String kubeconfigPath, ApiRetry retry) {
        if (host instanceof DryRunHost dryRun) {
            return planning(dryRun);
        }
        Kubeconfig config = Kubeconfig.parse(host.read(kubeconfigPath).orElseThrow(() -> new KbootException.StepFailed(
                host.name() + ": " + kubeconfigPath + " does not exist; run the kubeconfig phase first")));
        return open(host, config, host.name() + ": " + kubeconfigPath, retry);
    }

    /**
     * With the credentials of a kubeconfig read elsewhere (the workstation's admin kubeconfig), its
     * server reached through the node all the same.
     *
     * @param origin where the kubeconfig came from, for messages
     */
    public static ApiConnection open(Host host, Kubeconfig config, String origin, ApiRetry retry) {
        if (host instanceof DryRunHost dryRun) {
            return planning(dryRun);
        }
        return connect(host, config, origin, retry);
    }

    /**
     * As {@link #open(Host, Kubeconfig, String, ApiRetry)}, but a dry run still reads the cluster and
     * only plans its writes: an upgrade's plan depends on what runs.
     */
    public static ApiConnection openReading(Host host, Kubeconfig config, String origin, ApiRetry retry) {
        ApiConnection real = connect(host, config, origin, retry);
        return host instanceof DryRunHost dryRun
                ? new ApiConnection(real.tunnel, real.api.planningWrites(dryRun::recordApiWrite)) : real;
    }

    private static ApiConnection connect(Host host, Kubeconfig config, String origin, ApiRetry retry) {
        URI server = URI.create(config.server().orElseThrow(() -> incomplete(origin, "server")));
        SSLContext tls = ClientTls.mutual(
                config.certificateAuthorityPem().orElseThrow(() -> incomplete(origin, "CA")),
                config.clientCertificatePem().orElseThrow(() -> incomplete(origin, "client certificate")),
                config.clientKeyPem().orElseThrow(() -> incomplete(origin, "client key")), server.getHost());
        return open(host, server, tls, Optional.empty(), retry);
    }

    /**
     * To {@code server} as the host reaches it, with the given TLS context and optional bearer
     * token. Always a real connection, also in a dry run: kjoin's discovery reads the cluster
     * before it would change anything.
     */
    public static ApiConnection open(Host host, URI server, SSLContext tls, Optional<String> bearerToken) {
        return open(host, server, tls, bearerToken, ApiRetry.within(KubeApi.CALL_BOUND));
    }

    /** As {@link #open(Host, URI, SSLContext, Optional)}, each call retried by {@code retry}. */
    public static ApiConnection open(Host host, URI server, SSLContext tls, Optional<String> bearerToken, ApiRetry retry) {
        int port = server.getPort() == -1 ? 443 : server.getPort();
        Tunnel tunnel = host.forward(server.getHost(), port);
        URI local = URI.create("https://" + hostPort(tunnel));
        String shownAs = local.equals(server) ? server.toString() : server + " (through " + hostPort(tunnel) + ")";
        return new ApiConnection(Optional.of(tunnel), new KubeApi(local, shownAs, tls, bearerToken, retry));
    }

    private static ApiConnection planning(DryRunHost host) {
        return new ApiConnection(Optional.empty(), KubeApi.planning(host::recordApiWrite));
    }

    /**
     * "127.0.0.1:34567" or "[::1]:6443": the numeric address, never a name such as "localhost",
     * which the TLS client would send as SNI.
     */
    public static String hostPort(Tunnel tunnel) {
        String host = tunnel.local().getAddress() != null ? tunnel.local().getAddress().getHostAddress()
                : tunnel.local().getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + tunnel.local().getPort();
    }

    private static KbootException incomplete(String origin, String what) {
        return new KbootException.StepFailed(origin + " has no " + what);
    }

    public KubeApi api() {
        return api;
    }

    @Override
    public void close() {
        tunnel.ifPresent(Tunnel::close);
    }
}
