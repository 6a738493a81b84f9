package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kboot.KbootException;
import io.kboot.api.KubeApi;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wait for leaders after a control plane's kubelet upgrade, against a loopback server serving two Leases. */
class ControllersActiveTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void itWaitsForARenewalOfBothLeasesAfterItsFirstLook() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        // The controller manager renews on every read; the scheduler's lease stands still for its first three.
        KubeApi api = serve(name -> {
            int n = reads.incrementAndGet();
            return name.equals("kube-scheduler") && n < 6 ? "2026-12-08T01:00:00.000000Z"
                    : "2026-12-08T01:00:" + String.format("%02d", n % 60) + ".000000Z";
        });
        List<String> said = new ArrayList<>();
        ControllersActive.await(api, Duration.ofSeconds(60), said::add);
        assertTrue(said.get(said.size() - 1).contains("renewed their leader leases"), said.toString());
        assertTrue(reads.get() >= 6, "returned before the scheduler renewed: " + reads.get() + " reads");
    }

    @Test
    void aLeaseThatIsNeverRenewedFailsWithinTheBound() throws Exception {
        KubeApi api = serve(name -> "2026-12-08T01:00:00.000000Z");
        KbootException e = assertThrows(KbootException.class, () -> ControllersActive.await(api, Duration.ofSeconds(3), s -> {}));
        assertTrue(e.getMessage().contains("did not renew its leader lease"), e.getMessage());
    }

    private KubeApi serve(Function<String, String> renewTime) throws IOException, NoSuchAlgorithmException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            byte[] body = ("{\"kind\":\"Lease\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"renewTime\":\""
                    + renewTime.apply(name) + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new KubeApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), SSLContext.getDefault(),
                Optional.empty());
    }
}
