package io.kboot.pki;

import static io.kboot.pki.PkiSettingsFixtures.issuing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kboot.host.LocalHost;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real etcd (Debian's etcd-server) serving with the generated etcd certificates and requiring
 * client certificates, as kubeadm's static pod runs it (§3.5): the apiserver's etcd client
 * certificate gets in, one from another cluster's etcd CA does not.
 */
class EtcdTlsIT {
    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(value = EncryptionAlgorithm.class, names = {"RSA_2048", "ECDSA_P256"})
    void etcdAcceptsItsClientsAndRejectsStrangers(EncryptionAlgorithm algorithm) throws Exception {
        String etcd = Tools.require("etcd");
        String etcdctl = Tools.require("etcdctl");
        Path pki = root.resolve("pki");
        Path stranger = root.resolve("other-cluster");
        PkiSettings settings = issuing(PkiSettings.defaults("node1", "127.0.0.1"), i -> i.withEncryptionAlgorithm(algorithm));
        new Pki(new LocalHost(), pki.toString(), settings, PkiListener.silent()).ensure("all");
        new Pki(new LocalHost(), stranger.toString(), settings, PkiListener.silent()).ensure("all");

        int clientPort = freePort();
        int peerPort = freePort();
        String client = "https://127.0.0.1:" + clientPort;
        String peer = "https://127.0.0.1:" + peerPort;
        Path log = root.resolve("etcd.log");
        Process process = new ProcessBuilder(etcd,
                "--name=node1",
                "--data-dir=" + root.resolve("data"),
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=node1=" + peer,
                "--client-cert-auth=true",
                "--trusted-ca-file=" + pki.resolve("etcd/ca.crt"),
                "--cert-file=" + pki.resolve("etcd/server.crt"),
                "--key-file=" + pki.resolve("etcd/server.key"),
                "--peer-client-cert-auth=true",
                "--peer-trusted-ca-file=" + pki.resolve("etcd/ca.crt"),
                "--peer-cert-file=" + pki.resolve("etcd/peer.crt"),
                "--peer-key-file=" + pki.resolve("etcd/peer.key"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            HttpClient apiserver = TestTls.mutual(pki, "apiserver-etcd-client", pki.resolve("etcd/ca.crt"));
            awaitHealthy(apiserver, client, process, log);
            HttpResponse<String> version = apiserver.send(
                    HttpRequest.newBuilder(URI.create(client + "/version")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, version.statusCode());
            assertTrue(version.body().contains("\"etcdserver\":\"3."), version.body());

            // The healthcheck client, through etcdctl as an operator would.
            Tools.Result put = Tools.run(root, "env", "ETCDCTL_API=3", etcdctl, "--endpoints=" + client,
                    "--cacert=" + pki.resolve("etcd/ca.crt"), "--cert=" + pki.resolve("etcd/healthcheck-client.crt"),
                    "--key=" + pki.resolve("etcd/healthcheck-client.key"), "put", "kboot", "works");
            assertEquals(0, put.exitCode(), put.stderr());
            String got = Tools.ok(root, "env", "ETCDCTL_API=3", etcdctl, "--endpoints=" + client,
                    "--cacert=" + pki.resolve("etcd/ca.crt"), "--cert=" + pki.resolve("apiserver-etcd-client.crt"),
                    "--key=" + pki.resolve("apiserver-etcd-client.key"), "get", "kboot", "--print-value-only");
            assertEquals("works\n", got);

            // Same names, another cluster's CA: the TLS handshake must fail.
            HttpClient foreign = TestTls.mutual(stranger, "apiserver-etcd-client", pki.resolve("etcd/ca.crt"));
            assertThrows(IOException.class, () -> foreign.send(
                    HttpRequest.newBuilder(URI.create(client + "/health")).build(), HttpResponse.BodyHandlers.ofString()),
                    "etcd accepted a client certificate from another cluster's etcd CA");
            Tools.Result strangerCtl = Tools.run(root, "env", "ETCDCTL_API=3", etcdctl, "--endpoints=" + client,
                    "--dial-timeout=3s", "--command-timeout=5s",
                    "--cacert=" + pki.resolve("etcd/ca.crt"), "--cert=" + stranger.resolve("apiserver-etcd-client.crt"),
                    "--key=" + stranger.resolve("apiserver-etcd-client.key"), "get", "kboot");
            assertTrue(strangerCtl.exitCode() != 0, "etcdctl with a foreign client certificate succeeded");

            // And a client that does not trust this etcd's CA refuses the server.
            HttpClient distrustful = TestTls.mutual(pki, "apiserver-etcd-client", stranger.resolve("etcd/ca.crt"));
            assertThrows(IOException.class, () -> distrustful.send(
                    HttpRequest.newBuilder(URI.create(client + "/health")).build(), HttpResponse.BodyHandlers.ofString()));
        } finally {
            stop(process);
        }
    }

    private static void awaitHealthy(HttpClient http, String url, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("etcd exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"health\":\"true\"")) {
                    return;
                }
                last = new IllegalStateException(health.statusCode() + " " + health.body());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        fail("etcd did not become healthy: " + last + "\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** etcd and anything it started: TERM, then KILL after 10 s. */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
