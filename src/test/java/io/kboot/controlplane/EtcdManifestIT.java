package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.config.IpAddresses;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import io.kboot.host.LocalHost;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiSettings;
import io.kboot.pki.TestTls;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The etcd manifest kboot renders, run for real: etcd is started with exactly the manifest's
 * command line (only the binary resolved to a path), from certificates {@link Pki} wrote. It must
 * pass the manifest's own probes, serve the healthcheck and API server clients over mutual TLS, and
 * take a second control plane as kubeadm's join does: MemberAdd as a learner through the first
 * member, the second started from the joining manifest (--initial-cluster with both members,
 * --initial-cluster-state=existing), then MemberPromote.
 *
 * <p>Both members run on this host, on two loopback addresses. The manifest also binds
 * 127.0.0.1:2379 and the metrics port 127.0.0.1:2381 on every node, which two etcds on one host
 * cannot share, so the second member moves just those two listeners to its own address with
 * etcd.local.extraArgs (which kboot renders like kubeadm: they replace the defaults). Everything
 * the join is about (peer URLs, the initial cluster, its state, the certificates) stays as rendered.
 */
class EtcdManifestIT {
    private static final Duration START = Duration.ofSeconds(20);

    @TempDir
    Path root;

    @Test
    void etcdRunsFromItsManifestAndASecondControlPlaneJoins() throws Exception {
        KubernetesVersion version = KubeadmGoldens.newest();
        String[] addresses = freeLoopbackPair();
        Node cp1 = node("cp1", addresses[0], version, List.of(), Map.of());
        EtcdBinary etcd = EtcdBinary.forImageTag(cp1.spec().etcd().imageTag());
        Pki pki1 = pki(cp1, "etcd-ca", "etcd-server", "etcd-peer", "etcd-healthcheck-client", "apiserver-etcd-client");
        JsonNode pod1 = Templates.parseYaml(StaticPods.render(Component.ETCD, cp1.spec()));
        JsonNode container1 = pod1.path("spec").path("containers").get(0);

        try (EtcdProcess first = EtcdProcess.start("etcd cp1", argv(etcd, container1), root.resolve("cp1.log"))) {
            // What the kubelet would do with the manifest: the startup probe until it passes, then
            // liveness and readiness.
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            first.await("startupProbe success", START, () -> probe(plain, container1, "startupProbe"));
            probe(plain, container1, "livenessProbe");
            probe(plain, container1, "readinessProbe");

            // kubeadm reads the client URL back from this annotation, and its etcd client presents
            // the healthcheck-client certificate.
            String client1 =
                    pod1.path("metadata").path("annotations").path("kubeadm.kubernetes.io/etcd.advertise-client-urls").asText();
            Path certs1 = Path.of(pki1.certDir());
            EtcdGateway kubeadm = new EtcdGateway(
                    TestTls.mutual(certs1, "etcd/healthcheck-client", certs1.resolve("etcd/ca.crt")), client1);
            assertHealthy(kubeadm);

            // The API server, exactly as its manifest points it at etcd.
            Map<String, String> apiserver = flags(Templates.parseYaml(StaticPods.render(Component.KUBE_APISERVER, cp1.spec()))
                    .path("spec").path("containers").get(0));
            EtcdGateway apiserverClient = new EtcdGateway(TestTls.mutual(Path.of(apiserver.get("etcd-certfile")),
                    Path.of(apiserver.get("etcd-keyfile")), Path.of(apiserver.get("etcd-cafile"))),
                    apiserver.get("etcd-servers"));
            apiserverClient.put("/registry/kboot/probe", "written through 127.0.0.1");
            assertEquals("written through 127.0.0.1", apiserverClient.get("/registry/kboot/probe", false));

            // The second control plane: certificates from the shared etcd CA, announced as a learner
            // before it starts, as kubeadm's CreateStackedEtcdStaticPodManifestFile does.
            String peer1 = flags(container1).get("initial-advertise-peer-urls");
            Node cp2 = node("cp2", addresses[1], version, List.of("cp1=" + peer1), Map.of(
                    "listen-client-urls", "https://" + addresses[1] + ":2379",
                    "listen-metrics-urls", "http://" + addresses[1] + ":2381"));
            Path certs2 = root.resolve("cp2/pki");
            Files.createDirectories(certs2.resolve("etcd"));
            for (String file : List.of("etcd/ca.crt", "etcd/ca.key")) {
                Files.copy(certs1.resolve(file), certs2.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
            pki(cp2, "etcd-server", "etcd-peer", "etcd-healthcheck-client");
            JsonNode pod2 = Templates.parseYaml(StaticPods.render(Component.ETCD, cp2.spec()));
            JsonNode container2 = pod2.path("spec").path("containers").get(0);
            Map<String, String> joining = flags(container2);
            String peer2 = joining.get("initial-advertise-peer-urls");
            assertEquals("cp1=" + peer1 + ",cp2=" + peer2, joining.get("initial-cluster"));
            assertEquals("existing", joining.get("initial-cluster-state"));

            String learner = kubeadm.addLearner(peer2);
            try (EtcdProcess second = EtcdProcess.start("etcd cp2", argv(etcd, container2), root.resolve("cp2.log"))) {
                // etcd refuses to promote a learner that has not caught up with the leader yet.
                second.await("promotion of the learner", START, () -> {
                    kubeadm.promote(learner);
                    return null;
                });
                List<EtcdGateway.Member> members = kubeadm.members();
                assertEquals(2, members.size(), members.toString());
                assertEquals(Set.of("cp1", "cp2"), members.stream().map(EtcdGateway.Member::name).collect(Collectors.toSet()));
                assertEquals(Set.of(peer1, peer2),
                        members.stream().flatMap(m -> m.peerUrls().stream()).collect(Collectors.toSet()));
                assertTrue(members.stream().noneMatch(EtcdGateway.Member::learner), "both members vote: " + members);

                EtcdGateway cp2Client = new EtcdGateway(
                        TestTls.mutual(certs2, "etcd/healthcheck-client", certs2.resolve("etcd/ca.crt")),
                        pod2.path("metadata").path("annotations").path("kubeadm.kubernetes.io/etcd.advertise-client-urls")
                                .asText());
                second.await("health of cp2", START, () -> assertHealthy(cp2Client));
                assertHealthy(kubeadm);
                // cp2 has the data written before it joined (a local read: served from its own copy).
                assertEquals("written through 127.0.0.1", cp2Client.get("/registry/kboot/probe", true));
                HttpResponse<String> readyz = plain.send(HttpRequest.newBuilder(
                        URI.create(joining.get("listen-metrics-urls") + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, readyz.statusCode(), readyz.body());
            }
        }
    }

    /** A control-plane node on a loopback address, its files under the test's directory. */
    private record Node(String name, ControlPlaneSpec spec) {}

    private Node node(String name, String address, KubernetesVersion version, List<String> existingMembers,
            Map<String, String> etcdExtraArgs) {
        ControlPlaneSpec golden = KubeadmGoldens.spec(version);
        Path dir = root.resolve(name);
        List<Kubeadm.Arg> extra = etcdExtraArgs.entrySet().stream().map(e -> new Kubeadm.Arg(e.getKey(), e.getValue())).toList();
        return new Node(name, new ControlPlaneSpec(golden.cluster(),
                new ControlPlaneSpec.Member(name, IpAddresses.parse(address).orElseThrow(), golden.member().bindPort()),
                new ControlPlaneSpec.Etcd(golden.etcd().imageRepository(), golden.etcd().imageTag(),
                        dir.resolve("etcd").toString(), existingMembers),
                new ControlPlaneSpec.Paths(dir.resolve("pki").toString(), dir.toString()),
                new ControlPlaneSpec.Components(Map.of(Component.ETCD, extra), golden.components().healthCheckTimeout()),
                new ControlPlaneSpec.Host(Set.of(), false)));
    }

    private static Pki pki(Node node, String... certificates) {
        ControlPlaneSpec spec = node.spec();
        Pki pki = new Pki(new LocalHost(), spec.paths().certificatesDir(),
                PkiSettings.defaults(node.name(), IpAddresses.format(spec.member().advertiseAddress())), PkiListener.silent());
        for (String certificate : certificates) {
            pki.ensure(certificate);
        }
        return pki;
    }

    /** The container's command line with only the binary resolved: "etcd" is the image's etcd. */
    private static List<String> argv(EtcdBinary etcd, JsonNode container) {
        List<String> argv = new ArrayList<>();
        container.path("command").forEach(arg -> argv.add(arg.asText()));
        assertEquals("etcd", argv.get(0));
        assertTrue(container.path("args").isMissingNode(), "kubeadm puts everything in command");
        argv.set(0, etcd.path().toString());
        return argv;
    }

    /** "--name=value" arguments by name. */
    private static Map<String, String> flags(JsonNode container) {
        Map<String, String> flags = new LinkedHashMap<>();
        container.path("command").forEach(arg -> {
            String text = arg.asText();
            if (text.startsWith("--")) {
                int eq = text.indexOf('=');
                flags.put(text.substring(2, eq), text.substring(eq + 1));
            }
        });
        return flags;
    }

    /** Runs the named probe of the container as the kubelet would (httpGet, named port); fails unless 200. */
    private static String probe(HttpClient http, JsonNode container, String probe) throws IOException, InterruptedException {
        JsonNode get = container.path(probe).path("httpGet");
        String port = get.path("port").asText();
        if (!port.matches("\\d+")) {
            JsonNode named = null;
            for (JsonNode p : container.path("ports")) {
                named = p.path("name").asText().equals(port) ? p : named;
            }
            if (named == null) {
                return fail(probe + " names port " + port + ", which the container does not declare");
            }
            port = named.path("containerPort").asText();
        }
        URI uri = URI.create(get.path("scheme").asText().toLowerCase() + "://" + get.path("host").asText() + ":" + port
                + get.path("path").asText());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(
                container.path(probe).path("timeoutSeconds").asInt(1))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(probe + " " + uri + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static Void assertHealthy(EtcdGateway etcd) throws IOException, InterruptedException {
        HttpResponse<String> health = etcd.get("/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"health\":\"true\""), health.body());
        return null;
    }

    /**
     * Two loopback addresses other than 127.0.0.1 on which etcd's ports are free, plus the ports
     * every rendered etcd manifest binds on 127.0.0.1 (client 2379, metrics 2381).
     */
    private static String[] freeLoopbackPair() throws IOException {
        for (int[] port : new int[][] {{2379}, {2381}}) {
            if (!free("127.0.0.1", port[0])) {
                fail("127.0.0.1:" + port[0] + " is in use, and every kubeadm etcd manifest binds it; is a system etcd running? "
                        + "(scripts/test stops Debian's)");
            }
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int host = ThreadLocalRandom.current().nextInt(2, 250);
            String a = "127.0.0." + host;
            String b = "127.0.0." + (host + 1);
            if (free(a, 2379) && free(a, 2380) && free(b, 2379) && free(b, 2380) && free(b, 2381)) {
                return new String[] {a, b};
            }
        }
        return fail("no two loopback addresses with etcd's ports free");
    }

    private static boolean free(String address, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
