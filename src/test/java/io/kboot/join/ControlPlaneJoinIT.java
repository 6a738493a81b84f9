package io.kboot.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.EtcdClient;
import io.kboot.api.HealthCheck;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.bundle.BundleSource;
import io.kboot.bundle.BundleWriter;
import io.kboot.bundle.FakeBuild;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.Endpoint;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.JoinSettings;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.TestSettings;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.StaticPodProcesses;
import io.kboot.controlplane.StaticPods;
import io.kboot.host.LocalHost;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.init.InitContext;
import io.kboot.init.InitWorkflow;
import io.kboot.pki.CaPin;
import io.kboot.pki.ClientTls;
import io.kboot.report.Reporter;
import io.kboot.report.Reporters;
import io.kboot.templates.Templates;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.CertificateKey;
import io.kboot.workflow.PhaseFailedException;
import io.kboot.workflow.Runner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kjoin --control-plane's phases against a real first control plane: cp1 (127.0.0.1) is made
 * with kinit master's phases and runs etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler from kboot's manifests, as ControlPlaneApiIT does; cp2 (127.0.0.2) then runs
 * control-plane-prepare, control-plane-join and wait-control-plane through LocalHost, and the test
 * starts its etcd and API server from the manifests those phases wrote (what its kubelet would
 * do). cp2's directories are temporary and its listeners moved off 127.0.0.1 with extraArgs, as in
 * EtcdManifestIT; kubelet-start is not run (no systemd kubelet here), so the test registers cp2's
 * Node itself and creates the mirror Pod of cp1's etcd the kubelet would have made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlPlaneJoinIT {
    Path dir;
    StaticPodProcesses processes;
    InitContext cp1;
    int port1;
    int port2;
    BootstrapToken token;
    final Reporters.Captured output = Reporters.capturing();

    @BeforeAll
    void startFirstControlPlane() throws Exception {
        StaticPodProcesses.requireBinaries();
        dir = Files.createTempDirectory("kboot-cpjoin-it");
        processes = new StaticPodProcesses(dir);
        port1 = freePort();
        port2 = freePort();
        Path config = dir.resolve("kubeadm.yaml");
        Files.writeString(config, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint: {advertiseAddress: 127.0.0.1, bindPort: %d}
                nodeRegistration: {name: cp1}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.36.3
                controlPlaneEndpoint: 127.0.0.1:%d
                certificatesDir: %s
                etcd: {local: {dataDir: %s}}
                """.formatted(port1, port1, dir.resolve("cp1/pki"), dir.resolve("cp1/etcd")));
        ConfigDocuments docs = ConfigLoader.load(config);
        InitSettings settings = TestSettings.init(docs, f -> {
            f.uploadCerts = true;
            f.kubeconfigDir = Optional.of(dir.resolve("cp1").toString());
        });
        cp1 = new InitContext(settings, new LocalHost(), reporter());
        runInit("certs");
        runInit("kubeconfig");
        var spec = cp1.controlPlaneNode().spec(cp1.host(), List.of());
        for (Component c : List.of(Component.ETCD, Component.KUBE_APISERVER, Component.KUBE_CONTROLLER_MANAGER,
                Component.KUBE_SCHEDULER)) {
            start("cp1", c, StaticPods.render(c, spec));
        }
        HealthCheck.await(cp1.host(), List.of(
                new HealthCheck.Endpoint("kube-apiserver", "https", "127.0.0.1", port1, "/readyz",
                        ClientTls.trusting(cp1.caCertificatePem(), "127.0.0.1")),
                new HealthCheck.Endpoint("kube-controller-manager", "https", "127.0.0.1", 10257, "/healthz",
                        ClientTls.insecure())),
                Duration.ofMinutes(4), m -> {});
        // What cp1's kubelet does: register the Node, and the etcd static Pod's mirror Pod with its annotation.
        KubeApi api = cp1.api();
        api.createIfAbsent(node("cp1"));
        api.createIfAbsent(etcdMirrorPod("cp1", Templates.parseYaml(StaticPods.render(Component.ETCD, spec))));
        for (String phase : List.of("upload-config", "upload-certs", "mark-control-plane", "bootstrap-token")) {
            runInit(phase);
        }
        token = cp1.tokens().get(0);
    }

    @Test
    void aSecondControlPlaneJoinsWithTheUploadedCertificates() throws Exception {
        JoinContext cp2 = cp2(cp1.certificateKey().reveal());
        runJoin(cp2, "control-plane-prepare");

        Path pki1 = dir.resolve("cp1/pki");
        Path pki2 = dir.resolve("cp2/pki");
        for (String file : List.of("ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub",
                "etcd/ca.crt",
                "etcd/ca.key")) {
            assertArrayEquals(Files.readAllBytes(pki1.resolve(file)), Files.readAllBytes(pki2.resolve(file)), file);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki2.resolve("ca.key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki2.resolve("sa.pub"))));
        assertFalse(
                Arrays.equals(Files.readAllBytes(pki1.resolve("apiserver.crt")),
                        Files.readAllBytes(pki2.resolve("apiserver.crt"))),
                "cp2 has its own serving certificate");
        assertTrue(Files.exists(dir.resolve("cp2/admin.conf")));
        assertFalse(Files.exists(dir.resolve("cp2/super-admin.conf")), "kubeadm join makes no super-admin.conf");
        Path manifests = dir.resolve("cp2/manifests");
        assertTrue(Files.exists(manifests.resolve("kube-apiserver.yaml")));

        // control-plane-join/etcd blocks until the new member can be promoted: its kubelet (here: the test) starts it meanwhile.
        CompletableFuture<Void> etcdPhase = CompletableFuture.runAsync(() -> runJoin(cp2, "control-plane-join/etcd"));
        Path etcdManifest = manifests.resolve("etcd.yaml");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(etcdManifest)) {
            if (etcdPhase.isDone() || System.nanoTime() > deadline) {
                etcdPhase.get();
                fail("no etcd manifest written; output:\n" + output.text());
            }
            Thread.sleep(200);
        }
        String etcdYaml = Files.readString(etcdManifest);
        assertTrue(etcdYaml.contains("--initial-cluster=cp1=https://127.0.0.1:2380,cp2=https://127.0.0.2:2380"), etcdYaml);
        assertTrue(etcdYaml.contains("--initial-cluster-state=existing"), etcdYaml);
        start("cp2", Component.ETCD, etcdYaml);
        etcdPhase.get(4, TimeUnit.MINUTES);

        start("cp2", Component.KUBE_APISERVER, Files.readString(manifests.resolve("kube-apiserver.yaml")));
        cp1.api().createIfAbsent(node("cp2"));
        runJoin(cp2, "control-plane-join/mark-control-plane");
        runJoin(cp2, "wait-control-plane");

        String ca = Files.readString(pki2.resolve("etcd/ca.crt"));
        String cert = Files.readString(pki2.resolve("etcd/healthcheck-client.crt"));
        String key = Files.readString(pki2.resolve("etcd/healthcheck-client.key"));
        try (EtcdClient etcd =
                EtcdClient.open(cp2.host(), URI.create("https://127.0.0.2:2379"), ClientTls.mutual(ca, cert, key, "127.0.0.2"))) {
            List<EtcdClient.Member> members = etcd.members();
            assertEquals(2, members.size(), members.toString());
            assertTrue(members.stream().noneMatch(EtcdClient.Member::learner), members.toString());
            assertEquals(Set.of("cp1", "cp2"), Set.copyOf(members.stream().map(EtcdClient.Member::name).toList()));
        }
        HealthCheck.await(cp2.host(), List.of(
                new HealthCheck.Endpoint("etcd cp1", "https", "127.0.0.1", 2379, "/health",
                        ClientTls.mutual(ca, cert, key, "127.0.0.1")),
                new HealthCheck.Endpoint("etcd cp2", "https", "127.0.0.2", 2379, "/health",
                        ClientTls.mutual(ca, cert, key, "127.0.0.2"))),
                Duration.ofSeconds(60), m -> {});
        // cp2's API server serves the cluster from its own etcd member.
        try (ApiConnection asToken = ApiConnection.open(cp2.host(), URI.create("https://127.0.0.2:" + port2),
                ClientTls.trusting(cp1.caCertificatePem(), "127.0.0.2"), Optional.of(token.reveal()))) {
            JsonNode node = asToken.api().get(Resource.of("v1", "Node"), null, "cp2").orElseThrow();
            assertTrue(node.path("metadata").path("labels").has("node-role.kubernetes.io/control-plane"), node.toString());
            assertEquals("node-role.kubernetes.io/control-plane", node.path("spec").path("taints").get(0).path("key").asText());
        }
        String out = output.text();
        for (String said : List.of("Downloading the certificates in Secret \"kubeadm-certs\"",
                "Writing \"admin.conf\" kubeconfig file",
                "Adding etcd member cp2 at https://127.0.0.2:2380 as a learner", "The new etcd member is a voting member",
                "Marking the node cp2 as control-plane", "kube-apiserver (ready) is healthy")) {
            assertTrue(out.contains(said), said + " in\n" + out);
        }
        assertFalse(out.contains(cp1.certificateKey().reveal()), "the certificate key is never printed");
        assertFalse(out.contains(token.reveal()), "the token secret is never printed");
    }

    @Test
    void aWrongCertificateKeyFailsBeforeWritingAnything() {
        JoinContext wrong = cp2(CertificateKey.generate(new SecureRandom()).reveal());
        wrong.overrideCluster(s -> moved(s, "cp2-wrong"), dir.resolve("cp2-wrong/manifests").toString());
        var e = assertThrows(PhaseFailedException.class, () -> runJoin(wrong, "control-plane-prepare/download-certs"));
        assertInstanceOf(KbootException.InvalidInput.class, e.getCause());
        assertTrue(e.getMessage().contains("wrong --certificate-key"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cp2-wrong/pki/ca.crt")));
    }

    /**
     * Issue 19: discovery ends with the cluster's release, read with the bootstrap token, which host
     * preparation then installs; a bundle of another release is refused there, before prepare.
     */
    @Test
    void discoveryFindsTheClustersReleaseAndRefusesABundleOfAnother(@TempDir Path bundles) {
        JoinContext cp2 = cp2(cp1.certificateKey().reveal());
        runJoin(cp2, "discovery");
        assertEquals(KubernetesVersion.parse("v1.36.3"), cp2.prep().kubernetesVersion());
        assertTrue(output.text().contains("The cluster runs Kubernetes v1.36.3 (kube-system/kubeadm-config): this node joins"
                + " with it"), output.text());

        BundleSource older = BundleSource.open(BundleWriter.create(FakeBuild.createV135(bundles.resolve("build")),
                bundles.resolve("v135.tar"), "registry.k8s.io", false, l -> {}).bundle());
        JoinContext withOlder = new JoinContext(cp2Settings(cp1.certificateKey().reveal()), new LocalHost(), reporter(),
                new HostPrepSettings(List.of(), older, HostPaths.SYSTEM));
        var e = assertThrows(PhaseFailedException.class, () -> runJoin(withOlder, "discovery"));
        assertInstanceOf(KbootException.InvalidInput.class, e.getCause());
        assertTrue(e.getMessage().contains("the cluster runs Kubernetes v1.36.3 (kube-system/kubeadm-config), but --bundle is"
                + " the offline bundle v135.tar (Kubernetes v1.35.4): a node joins with its cluster's release."),
                e.getMessage());

        // --kubernetes-version spares `phase prepare` the question, but a join still asks and compares.
        JoinSettings told = TestSettings.join(f -> {
            f.apiServerEndpoint = Optional.of(Endpoint.parse("127.0.0.1:" + port1));
            f.token = Optional.of(token);
            f.unsafeSkipCaVerification = true;
            f.kubernetesVersion = Optional.of(KubernetesVersion.parse("v1.35.4"));
        });
        assertEquals(KubernetesVersion.parse("v1.35.4"), new JoinContext(told, new LocalHost(), reporter()).prep()
                .kubernetesVersion(), "no discovery needed to prepare");
        var other = assertThrows(PhaseFailedException.class,
                () -> runJoin(new JoinContext(told, new LocalHost(), reporter()), "discovery"));
        assertInstanceOf(KbootException.InvalidInput.class, other.getCause());
        assertTrue(other.getMessage().contains("--kubernetes-version v1.35.4: the cluster runs Kubernetes v1.36.3"),
                other.getMessage());
    }

    JoinContext cp2(String certificateKey) {
        JoinContext ctx = new JoinContext(cp2Settings(certificateKey), new LocalHost(), reporter());
        ctx.overrideCluster(s -> moved(s, "cp2"), dir.resolve("cp2/manifests").toString());
        return ctx;
    }

    JoinSettings cp2Settings(String certificateKey) {
        return TestSettings.join(f -> {
            f.apiServerEndpoint = Optional.of(Endpoint.parse("127.0.0.1:" + port1));
            f.token = Optional.of(token);
            f.caCertHashes = List.of(CaCertHash.parse(CaPin.of(cp1.caCertificatePem()).toString()));
            f.node.name = Optional.of("cp2");
            f.controlPlane = true;
            f.node.advertiseAddress = IpAddresses.parse("127.0.0.2");
            f.node.bindPort = Optional.of(port2);
            f.certificateKey = Optional.of(CertificateKey.parse(certificateKey));
        });
    }

    /** The cluster's settings for a second member on this host: its own directories, listeners on 127.0.0.2. */
    InitSettings moved(InitSettings s, String node) {
        Path home = dir.resolve(node);
        Map<String, List<Kubeadm.Arg>> extra = Map.of(
                "etcd", List.of(new Kubeadm.Arg("listen-client-urls", "https://127.0.0.2:2379"),
                        new Kubeadm.Arg("listen-metrics-urls", "http://127.0.0.2:2381")),
                "kube-apiserver", List.of(new Kubeadm.Arg("bind-address", "127.0.0.2"),
                        new Kubeadm.Arg("etcd-servers", "https://127.0.0.2:2379")),
                "kube-controller-manager", List.of(new Kubeadm.Arg("bind-address", "127.0.0.2")),
                "kube-scheduler", List.of(new Kubeadm.Arg("bind-address", "127.0.0.2")));
        return s.withPki(s.pki().withDirectories(home.resolve("pki").toString(), home.toString()))
                .withComponents(s.components().withEtcdDataDir(home.resolve("etcd").toString(), extra));
    }

    Reporter reporter() {
        return output.reporter();
    }

    void runInit(String phase) {
        Runner.run(InitWorkflow.build().plan(Optional.of(phase), Set.of()), cp1, cp1.reporter());
    }

    static void runJoin(JoinContext ctx, String phase) {
        Runner.run(JoinWorkflow.build().plan(Optional.of(phase), Set.of()), ctx, ctx.reporter());
    }

    static ObjectNode node(String name) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata").put("name", name).putObject("labels").put("kubernetes.io/hostname", name);
        return node;
    }

    static ObjectNode etcdMirrorPod(String node, JsonNode manifest) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", "etcd-" + node).put("namespace", "kube-system");
        metadata.set("labels", manifest.path("metadata").path("labels").deepCopy());
        ObjectNode annotations = manifest.path("metadata").path("annotations").deepCopy();
        annotations.put("kubernetes.io/config.mirror", "kboot-it"); // a mirror Pod, as the kubelet makes: no ServiceAccount
        metadata.set("annotations", annotations);
        ObjectNode spec = pod.putObject("spec").put("nodeName", node);
        spec.putArray("containers").addObject().put("name", "etcd").put("image", manifest.path("spec").path("containers").get(0)
                .path("image").asText());
        return pod;
    }

    void start(String node, Component component, String manifest) throws IOException {
        processes.start(node + "-" + component.id(), manifest);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (processes != null) {
            processes.close();
        }
        if (System.getenv("KBOOT_KEEP_IT") == null && dir != null) {
            StaticPodProcesses.deleteTree(dir);
        }
    }
}
