package io.kboot.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiException;
import io.kboot.api.ApiRetry;
import io.kboot.api.HealthCheck;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.Endpoint;
import io.kboot.config.InitSettings;
import io.kboot.config.JoinSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.Manifests;
import io.kboot.config.TestSettings;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.StaticPodProcesses;
import io.kboot.controlplane.StaticPods;
import io.kboot.host.LocalHost;
import io.kboot.join.Discovery;
import io.kboot.join.JoinPhases;
import io.kboot.join.KubeadmConfig;
import io.kboot.pki.CaPin;
import io.kboot.pki.ClientTls;
import io.kboot.report.Reporters;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.Tokens;
import io.kboot.upgrade.ClusterVersions;
import io.kboot.upgrade.SkewPolicy;
import io.kboot.upgrade.UpgradePlan;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Runner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kinit master's API phases and kjoin's discovery against a real control plane: the upstream
 * etcd, kube-apiserver, kube-controller-manager and kube-scheduler (scripts/k8s/build), each
 * started with exactly the command line of the static Pod manifest kboot renders, on 127.0.0.1,
 * with the PKI and kubeconfigs kboot's own phases generated. Only the kubelet is missing (it
 * needs systemd and cgroup v2; the VM end-to-end suite has it), so the test registers the Node
 * the way the kubelet would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlPlaneApiIT {
    static final String NODE = "kboot-it";

    Path dir;
    StaticPodProcesses processes;
    InitContext ctx;
    int port;
    final Reporters.Captured output = Reporters.capturing();

    @BeforeAll
    void startControlPlane() throws Exception {
        StaticPodProcesses.requireBinaries();
        dir = Files.createTempDirectory("kboot-cp-it");
        processes = new StaticPodProcesses(dir);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("kubeadm.yaml");
        Files.writeString(config, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint: {advertiseAddress: 127.0.0.1, bindPort: %d}
                nodeRegistration: {name: %s}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.36.3
                certificatesDir: %s
                etcd: {local: {dataDir: %s}}
                networking: {podSubnet: 10.244.0.0/16}
                """.formatted(port, NODE, dir.resolve("pki"), dir.resolve("etcd")));
        ConfigDocuments docs = ConfigLoader.load(config);
        InitSettings settings = TestSettings.init(docs, f -> {
            f.uploadCerts = true;
            f.kubeconfigDir = Optional.of(dir.toString());
        });
        ctx = new InitContext(settings, new LocalHost(), output.reporter());
        run("certs");
        run("kubeconfig");
        var spec = ControlPlanePhases.spec(ctx);
        for (Component c : List.of(Component.ETCD, Component.KUBE_APISERVER, Component.KUBE_CONTROLLER_MANAGER,
                Component.KUBE_SCHEDULER)) {
            processes.start(c.id(), StaticPods.render(c, spec));
        }
        HealthCheck.await(ctx.host(), List.of(
                new HealthCheck.Endpoint("kube-apiserver", "https", "127.0.0.1", port, "/readyz",
                        ClientTls.trusting(ctx.caCertificatePem(), "127.0.0.1")),
                new HealthCheck.Endpoint("kube-controller-manager", "https", "127.0.0.1", 10257, "/healthz",
                        ClientTls.insecure()),
                new HealthCheck.Endpoint("kube-scheduler", "https", "127.0.0.1", 10259, "/livez", ClientTls.insecure())),
                Duration.ofMinutes(3), m -> {});
        // What the kubelet does on its first start: register its Node.
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata").put("name", NODE).putObject("labels").put("kubernetes.io/hostname", NODE);
        ctx.api().createIfAbsent(node);
        for (String phase : List.of("upload-config", "upload-certs", "mark-control-plane", "bootstrap-token", "addons",
                "show-join-command")) {
            run(phase);
        }
    }

    void run(String phase) {
        Runner.run(MasterPlan.only(phase), ctx, ctx.reporter());
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (processes != null) {
            processes.close();
        }
        if (dir != null) {
            StaticPodProcesses.deleteTree(dir);
        }
    }

    KubeApi admin() {
        return ctx.api();
    }

    ObjectNode get(String apiVersion, String kind, String namespace, String name) {
        Resource resource = Resource.known(apiVersion, kind).orElseGet(() -> admin().discover(apiVersion, kind));
        return admin().get(resource, namespace, name).orElseThrow(() -> new AssertionError(kind + " " + name + " missing"));
    }

    @Test
    void theClusterConfigurationAndKubeletConfigurationAreUploaded() {
        String cluster =
                get("v1", "ConfigMap", "kube-system", "kubeadm-config").path("data").path("ClusterConfiguration").asText();
        assertTrue(cluster.contains("podSubnet: 10.244.0.0/16"), cluster);
        assertTrue(cluster.contains("kubernetesVersion: v1.36.3"), cluster);
        ObjectNode kubelet = get("v1", "ConfigMap", "kube-system", "kubelet-config");
        assertTrue(kubelet.path("data").path("kubelet").asText().contains("containerRuntimeEndpoint: \"\""));
        assertTrue(kubelet.path("metadata").path("annotations").path("kubeadm.kubernetes.io/component-config.hash").asText()
                .startsWith("sha256:"));
    }

    @Test
    void theNodeIsLabelledAndTaintedAsAControlPlane() {
        ObjectNode node = get("v1", "Node", null, NODE);
        assertTrue(node.path("metadata").path("labels").has("node-role.kubernetes.io/control-plane"));
        assertTrue(node.path("metadata").path("labels").has("node.kubernetes.io/exclude-from-external-load-balancers"));
        assertEquals("node-role.kubernetes.io/control-plane", node.path("spec").path("taints").get(0).path("key").asText());
        assertEquals("NoSchedule", node.path("spec").path("taints").get(0).path("effect").asText());
    }

    @Test
    void theAddonsAreCreated() {
        assertEquals("10.96.0.10", get("v1", "Service", "kube-system", "kube-dns").path("spec").path("clusterIP").asText());
        assertEquals("registry.k8s.io/coredns/coredns:v1.14.2", get("apps/v1", "Deployment", "kube-system", "coredns")
                .path("spec").path("template").path("spec").path("containers").get(0).path("image").asText());
        assertEquals("registry.k8s.io/kube-proxy:v1.36.3", get("apps/v1", "DaemonSet", "kube-system", "kube-proxy")
                .path("spec").path("template").path("spec").path("containers").get(0).path("image").asText());
        assertTrue(get("v1", "ConfigMap", "kube-system", "kube-proxy").path("data").path("config.conf").asText()
                .contains("clusterCIDR: 10.244.0.0/16"));
        get("apps/v1", "DaemonSet", "kube-system", "kboot-netd");
    }

    @Test
    void theJoinCommandIsPrintedWithTheTokenAndThePin() {
        String out = output.text();
        String pin = CaPin.of(ctx.caCertificatePem()).toString();
        BootstrapToken token = ctx.tokens().get(0);
        assertTrue(
                out.contains("kjoin 127.0.0.1:" + port + " --token " + token.reveal() + " --discovery-token-ca-cert-hash " + pin),
                out);
        assertTrue(out.contains("--control-plane --certificate-key " + ctx.certificateKey().reveal()), out);
    }

    /** kjoin's discovery against the cluster-info the real controller manager signed. */
    @Test
    void discoveryVerifiesTheSignatureAndThePin() {
        BootstrapToken token = ctx.tokens().get(0);
        var pin = CaPin.of(ctx.caCertificatePem());
        Discovery.ClusterInfo info = Discovery.discover(ctx.host(), join(token, pin.toString()), Duration.ofMinutes(2), m -> {});
        assertEquals(URI.create("https://127.0.0.1:" + port), info.server());
        assertEquals(ctx.caCertificatePem(), info.caPem());

        var wrongPin = assertThrows(KbootException.InvalidInput.class, () -> Discovery.discover(ctx.host(),
                join(token, "sha256:" + "0".repeat(64)), Duration.ofSeconds(30), m -> {}));
        assertTrue(wrongPin.getMessage().contains("does not match --discovery-token-ca-cert-hash"), wrongPin.getMessage());

        BootstrapToken wrongSecret = BootstrapToken.parse(token.id() + "." + "x".repeat(16));
        var forged = assertThrows(KbootException.InvalidInput.class, () -> Discovery.discover(ctx.host(),
                join(wrongSecret, pin.toString()), Duration.ofSeconds(30), m -> {}));
        assertTrue(forged.getMessage().contains("JWS signature"), forged.getMessage());

        var unknown = assertThrows(KbootException.StepFailed.class, () -> Discovery.discover(ctx.host(),
                join(BootstrapToken.parse("zzzzzz.zzzzzzzzzzzzzzzz"), pin.toString()), Duration.ofSeconds(1), m -> {}));
        assertTrue(unknown.getMessage().contains("unknown or expired"), unknown.getMessage());
    }

    /**
     * kjoin's discovery and its kubelet-config read ride out a kube-apiserver that goes away and
     * comes back while they wait (the lab saw a liveness probe restart it during joins, and an
     * upgrade restarts it on purpose); and when it stays away, the message says so instead of
     * blaming the token.
     */
    @Test
    void discoveryAndTheKubeletConfigReadRideOutAnApiServerRestart() throws Exception {
        BootstrapToken token = ctx.tokens().get(0);
        String pin = CaPin.of(ctx.caCertificatePem()).toString();
        URI server = URI.create("https://127.0.0.1:" + port);
        var restarts = Executors.newSingleThreadScheduledExecutor();
        try {
            processes.stop("kube-apiserver");
            var started = restarts.schedule(() -> {
                processes.startAgain("kube-apiserver");
                return null;
            }, 8, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            Discovery.ClusterInfo info = Discovery.discover(ctx.host(), join(token, pin), Duration.ofMinutes(3), m -> {});
            assertTrue(System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(8), "discovery waited for the API server to come back");
            assertEquals(ctx.caCertificatePem().strip(), info.caPem().strip());
            started.get();

            processes.stop("kube-apiserver");
            started = restarts.schedule(() -> {
                processes.startAgain("kube-apiserver");
                return null;
            }, 8, TimeUnit.SECONDS);
            try (ApiConnection connection =
                    ApiConnection.open(ctx.host(), server, ClientTls.trusting(ctx.caCertificatePem(), "127.0.0.1"),
                            Optional.of(token.reveal()), ApiRetry.within(Duration.ofMinutes(3)))) {
                assertTrue(JoinPhases.readKubeletConfig(connection.api()).contains("kind: KubeletConfiguration"));
            }
            started.get();

            processes.stop("kube-apiserver");
            var away = assertThrows(KbootException.StepFailed.class,
                    () -> Discovery.discover(ctx.host(), join(token, pin), Duration.ofSeconds(5), m -> {}));
            assertTrue(
                    away.getMessage().matches(".*gave up after \\d+s.*the API server was unreachable for \\d+s of the \\d+s.*"),
                    away.getMessage());
            assertTrue(!away.getMessage().contains("not signed"),
                    "nothing answered, so nothing is blamed on the token: " + away.getMessage());
        } finally {
            restarts.shutdown();
            processes.startAgain("kube-apiserver");
            // The other tests need the whole control plane back: the controller manager and the
            // scheduler lose their leases while the API server is away, and exit (a kubelet would restart them).
            HealthCheck.await(ctx.host(),
                    List.of(new HealthCheck.Endpoint("kube-apiserver", "https", "127.0.0.1", port, "/readyz",
                            ClientTls.trusting(ctx.caCertificatePem(), "127.0.0.1"))),
                    Duration.ofMinutes(3), m -> {});
            Thread.sleep(2000);
            processes.restartIfExited("kube-controller-manager");
            processes.restartIfExited("kube-scheduler");
            HealthCheck.await(ctx.host(), List.of(
                    new HealthCheck.Endpoint("kube-controller-manager", "https", "127.0.0.1", 10257, "/healthz",
                            ClientTls.insecure()),
                    new HealthCheck.Endpoint("kube-scheduler", "https", "127.0.0.1", 10259, "/livez", ClientTls.insecure())),
                    Duration.ofMinutes(3), m -> {});
        }
    }

    /** What a joining node may read with only its bootstrap token (kubeadm's RBAC), and the encrypted certificates. */
    @Test
    void theBootstrapTokenReadsWhatJoiningNodesNeed() {
        BootstrapToken token = ctx.tokens().get(0);
        URI server = URI.create("https://127.0.0.1:" + port);
        try (ApiConnection connection =
                ApiConnection.open(ctx.host(), server, ClientTls.trusting(ctx.caCertificatePem(), "127.0.0.1"),
                        Optional.of(token.reveal()))) {
            KubeApi asToken = connection.api();
            assertTrue(asToken.get(Resource.of("v1", "ConfigMap"), "kube-system", "kubelet-config").isPresent());
            assertTrue(asToken.get(Resource.of("v1", "ConfigMap"), "kube-system", "kubeadm-config").isPresent());
            assertTrue(asToken.get(Resource.of("v1", "Node"), null, NODE).isPresent());
            ObjectNode certs = asToken.get(Resource.of("v1", "Secret"), "kube-system", "kubeadm-certs").orElseThrow();
            byte[] sealed = Base64.getDecoder().decode(certs.path("data").path("ca.crt").asText());
            assertArrayEquals(ctx.caCertificatePem().getBytes(StandardCharsets.UTF_8), ctx.certificateKey().decrypt(sealed));
            var denied = assertThrows(ApiException.class,
                    () -> asToken.get(Resource.of("v1", "Secret"), "kube-system", "bootstrap-token-" + token.id()));
            assertEquals(403, denied.status());
        }
    }

    /**
     * Issue 19: the release a joining node installs, read with only the bootstrap token, and what
     * runs, read as the admin, as kboot upgrade plan reads it.
     */
    @Test
    void theClustersReleaseAndWhatRunsAreRead() {
        BootstrapToken token = ctx.tokens().get(0);
        URI server = URI.create("https://127.0.0.1:" + port);
        try (ApiConnection connection =
                ApiConnection.open(ctx.host(), server, ClientTls.trusting(ctx.caCertificatePem(), "127.0.0.1"),
                        Optional.of(token.reveal()))) {
            assertEquals(KubernetesVersion.parse("v1.36.3"), KubeadmConfig.kubernetesVersion(connection.api()));
        }
        // The kube-apiserver mirror Pod this node's kubelet would make (no kubelet here).
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", "kube-apiserver-" + NODE).put("namespace", "kube-system");
        metadata.putObject("labels").put("component", "kube-apiserver").put("tier", "control-plane");
        metadata.putObject("annotations").put("kubernetes.io/config.mirror", "kboot-it");
        pod.putObject("spec").put("nodeName", NODE).putArray("containers").addObject().put("name", "kube-apiserver")
                .put("image", "registry.k8s.io/kube-apiserver:v1.36.3");
        admin().createIfAbsent(pod);

        ClusterVersions running = ClusterVersions.read(admin());
        assertEquals(KubernetesVersion.parse("v1.36.3"), running.configured());
        ClusterVersions.NodeVersions node = running.node(NODE).orElseThrow();
        assertTrue(node.controlPlane());
        assertEquals(Map.of(Component.KUBE_APISERVER, "v1.36.3"), node.staticPods());
        assertEquals(Optional.empty(), node.kubelet(), "no kubelet reported a version");
        assertEquals(Optional.of("v1.14.2"), running.coreDns());
        assertEquals(Optional.of("v1.36.3"), running.kubeProxy());

        UpgradePlan plan = UpgradePlan.of(running, KubernetesVersion.parse("v1.36.3"), "--to", Optional.empty());
        assertTrue(plan.verdicts().nothingToUpgrade());
        assertEquals(List.of(SkewPolicy.KUBELET_SKEW),
                plan.verdicts().blocking(false).stream().map(SkewPolicy.Verdict::rule).toList());
        assertTrue(plan.describe().contains("kube-apiserver            " + NODE + "   v1.36.3   v1.36.3"),
                plan.describe()::toString);
    }

    @Test
    void runningThePhasesAgainChangesNothing() {
        String config = get("v1", "ConfigMap", "kube-system", "kubeadm-config").path("metadata").path("resourceVersion").asText();
        // A DaemonSet's status changes under the controller; its generation changes only with its spec.
        long proxy = get("apps/v1", "DaemonSet", "kube-system", "kube-proxy").path("metadata").path("generation").asLong();
        for (String phase : List.of("upload-config", "mark-control-plane", "addons")) {
            run(phase);
        }
        assertEquals(config,
                get("v1", "ConfigMap", "kube-system", "kubeadm-config").path("metadata").path("resourceVersion").asText());
        assertEquals(proxy,
                get("apps/v1", "DaemonSet", "kube-system", "kube-proxy").path("metadata").path("generation").asLong());
        // Counted by key: the node lifecycle controller adds taints of its own to this kubelet-less Node.
        long controlPlaneTaints = StreamSupport.stream(get("v1", "Node", null, NODE).path("spec").path("taints").spliterator(),
                false).filter(t -> t.path("key").asText().equals("node-role.kubernetes.io/control-plane")).count();
        assertEquals(1, controlPlaneTaints, "the taint is not added twice");
    }

    /** kboot token create, list and delete; a created token gets signed and discovery works with it. */
    @Test
    void tokensAreCreatedListedAndDeleted() {
        Tokens tokens = new Tokens(admin());
        BootstrapToken created = tokens.create(Optional.empty(), Duration.ofHours(2), Optional.of("e2e"),
                List.of("signing", "authentication"), List.of("system:bootstrappers:kubeadm:default-node-token"));
        var listed = tokens.list().stream().filter(t -> t.id().equals(created.id())).findFirst().orElseThrow();
        assertEquals(Optional.of("e2e"), listed.description());
        assertEquals(List.of("authentication", "signing"), listed.usages().stream().sorted().toList());
        assertTrue(listed.expires().orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(119))));
        Discovery.discover(ctx.host(), join(created, CaPin.of(ctx.caCertificatePem()).toString()), Duration.ofMinutes(2),
                m -> {});
        tokens.delete(created.reveal());
        assertTrue(tokens.list().stream().noneMatch(t -> t.id().equals(created.id())));
        var unknown = assertThrows(KbootException.InvalidInput.class, () -> tokens.delete(created.id()));
        assertTrue(unknown.getMessage().contains("no bootstrap token with id " + created.id()));
    }

    /**
     * --pod-network-manifest: kinds kboot's table has, and ones only the API server's discovery knows (a CRD,
     * a PriorityClass).
     */
    @Test
    void aUserGivenPodNetworkManifestIsAppliedInOrder() throws IOException {
        Path file = dir.resolve("cni.yaml");
        Files.writeString(file, """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: ippools.net.example.com}
                spec:
                  group: net.example.com
                  names: {kind: IPPool, plural: ippools, singular: ippool, listKind: IPPoolList}
                  scope: Cluster
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: example-cni}
                ---
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: example-cni-critical}
                value: 1000000
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: example-cni-node}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: example-cni-config, namespace: example-cni}
                data: {mtu: "1450"}
                """);
        var settings = ctx.settings().withBootstrap(ctx.settings().bootstrap().withPodNetworkManifest(Manifests.load(file)));
        InitContext withManifest = new InitContext(settings, new LocalHost(), ctx.reporter());
        Runner.run(InitWorkflow.build().plan(Optional.of("addons/pod-network"), Set.of()), withManifest, ctx.reporter());
        get("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "ippools.net.example.com");
        assertEquals("1000000",
                admin().get(admin().discover("scheduling.k8s.io/v1", "PriorityClass"), null, "example-cni-critical")
                        .orElseThrow().path("value").asText());
        get("v1", "ServiceAccount", "default", "example-cni-node");
        assertEquals("1450", get("v1", "ConfigMap", "example-cni", "example-cni-config").path("data").path("mtu").asText());
    }

    JoinSettings join(BootstrapToken token, String pin) {
        return TestSettings.join(f -> {
            f.apiServerEndpoint = Optional.of(Endpoint.parse("127.0.0.1:" + port));
            f.token = Optional.of(token);
            f.caCertHashes = List.of(CaCertHash.parse(pin));
        });
    }

    /** Plans of one phase of kinit master. */
    static final class MasterPlan {
        static Plan<InitContext> only(String phase) {
            return InitWorkflow.build().plan(Optional.of(phase), Set.of());
        }
    }
}
