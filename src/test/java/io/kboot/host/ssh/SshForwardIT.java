package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.kboot.host.Host;
import io.kboot.host.Tunnel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host.forward over a real sshd: an HTTP server reachable only as the node sees it (here the
 * node is this machine) answers through the forwarded port, several requests in a row, as the
 * API phases use it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshForwardIT {
    private SshdFixture sshd;
    private Host host;
    private HttpServer server;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        sshd = SshdFixture.start();
        ClientHome client = ClientHome.create(temp.resolve("home")).trust(sshd);
        sshd.authorize("root", client.key());
        host = SshConnector.connect(sshd.target("root"), client.options());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/healthz", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (host != null) {
            host.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void requestsGoThroughTheForwardedPort() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        try (Tunnel tunnel = host.forward("127.0.0.1", server.getAddress().getPort())) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + tunnel.local().getPort() + "/healthz")).timeout(Duration.ofSeconds(5))
                        .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals("ok", response.body());
            }
        }
    }

    /**
     * A forward opened before the connection was lost goes on over the new one: an upgrade polls its
     * API server through one forward for minutes, while an overloaded node may drop the connection.
     */
    @Test
    void aForwardOutlivesALostConnection() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        try (Tunnel tunnel = host.forward("127.0.0.1", server.getAddress().getPort())) {
            URI url = URI.create("http://127.0.0.1:" + tunnel.local().getPort() + "/healthz");
            assertEquals(200, http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            sshd.killSessions();
            int status = 0;
            for (int i = 0; i < 20 && status != 200; i++) {
                try {
                    status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                            .build().send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode();
                } catch (IOException e) {
                    Thread.sleep(250); // the lost connection's last channel, or the new one being made
                }
            }
            assertEquals(200, status);
        }
    }

    /** Polling starts before the component listens: refused connections must not end the forward. */
    @Test
    void aRefusedConnectionDoesNotEndTheForward() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        try (Tunnel tunnel = host.forward("127.0.0.1", port)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tunnel.local().getPort() + "/healthz"))
                    .timeout(Duration.ofSeconds(5)).build();
            Assertions.assertThrows(IOException.class,
                    () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
            HttpServer late = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            late.createContext("/healthz", exchange -> {
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
                exchange.close();
            });
            late.start();
            try {
                assertEquals("ok", http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            } finally {
                late.stop(0);
            }
        }
    }
}
