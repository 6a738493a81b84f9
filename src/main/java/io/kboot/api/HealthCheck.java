package io.kboot.api;

import io.kboot.KbootException;
import io.kboot.host.DryRunHost;
import io.kboot.host.Host;
import io.kboot.host.Tunnel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Waits until HTTP health endpoints on a node answer 200, polling every 500 ms as kubeadm does,
 * reaching each through the node ({@link Host#forward}): the kubelet's and the controller
 * manager's listen on the node's 127.0.0.1 only.
 */
public final class HealthCheck {
    static final Duration INTERVAL = Duration.ofMillis(500);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    /** One endpoint, as the node sees it: "http" or "https", host, port and path such as /livez. */
    public record Endpoint(String component, String scheme, String host, int port, String path, SSLContext tls) {
        @Override
        public String toString() {
            return component + " at " + scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
        }
    }

    /** The kubelet's healthz, which it serves on the node's 127.0.0.1 only. */
    public static final Endpoint KUBELET = new Endpoint("kubelet", "http", "127.0.0.1", 10248, "/healthz", null);

    private HealthCheck() {}

    /**
     * Returns once every endpoint answered 200 (each is no longer polled once it has).
     *
     * @throws KbootException.StepFailed naming the endpoints that did not become healthy in time and their last answer
     */
    public static void await(Host host, List<Endpoint> endpoints, Duration timeout, Consumer<String> progress) {
        if (host instanceof DryRunHost) {
            endpoints.forEach(e -> progress.accept("Would wait up to " + timeout.toSeconds() + "s for " + e));
            return;
        }
        Map<Endpoint, String> waiting = new LinkedHashMap<>();
        endpoints.forEach(e -> waiting.put(e, "no answer yet"));
        List<Tunnel> tunnels = new ArrayList<>();
        Map<Endpoint, Probe> probes = new LinkedHashMap<>();
        try {
            for (Endpoint e : endpoints) {
                Tunnel tunnel = host.forward(e.host(), e.port());
                tunnels.add(tunnel);
                probes.put(e, new Probe(e, URI.create(e.scheme() + "://" + ApiConnection.hostPort(tunnel) + e.path())));
            }
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            long nextProgress = start + PROGRESS_EVERY.toNanos();
            while (true) {
                for (var it = waiting.entrySet().iterator(); it.hasNext();) {
                    var entry = it.next();
                    String answer = probes.get(entry.getKey()).check();
                    if (answer == null) {
                        progress.accept(entry.getKey().component() + " is healthy after " + seconds(System.nanoTime() - start));
                        it.remove();
                    } else {
                        entry.setValue(answer);
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new KbootException.StepFailed("not healthy after " + timeout.toSeconds() + "s: " + describe(waiting));
                }
                if (now > nextProgress) {
                    progress.accept("still waiting (" + seconds(now - start) + "): " + describe(waiting));
                    nextProgress = now + PROGRESS_EVERY.toNanos();
                }
                Thread.sleep(INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while waiting for the control plane", e);
        } finally {
            tunnels.forEach(Tunnel::close);
        }
    }

    private static String describe(Map<Endpoint, String> waiting) {
        return String.join("; ", waiting.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    /** One endpoint's client; {@link #check} returns null when healthy, else what it answered. */
    private static final class Probe {
        private final HttpClient http;
        private final URI uri;

        Probe(Endpoint endpoint, URI uri) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .version(HttpClient.Version.HTTP_1_1);
            if (endpoint.tls() != null) {
                builder.sslContext(endpoint.tls()).sslParameters(endpoint.tls().getDefaultSSLParameters());
            }
            this.http = builder.build();
            this.uri = uri;
        }

        String check() throws InterruptedException {
            try {
                HttpResponse<String> response =
                        http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return null;
                }
                String body = response.body().strip();
                return "HTTP " + response.statusCode() + (body.isEmpty() ? "" : ": " + lastLine(body));
            } catch (IOException e) {
                return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }

        private static String lastLine(String body) {
            String[] lines = body.split("\n");
            String last = lines[lines.length - 1];
            return last.length() > 200 ? last.substring(0, 200) + "…" : last;
        }
    }
}
