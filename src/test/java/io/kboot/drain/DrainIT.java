package io.kboot.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.HealthCheck;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.config.TestSettings;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.StaticPodProcesses;
import io.kboot.controlplane.StaticPods;
import io.kboot.host.LocalHost;
import io.kboot.init.InitContext;
import io.kboot.init.InitWorkflow;
import io.kboot.pki.ClientTls;
import io.kboot.report.Reporters;
import io.kboot.workflow.Runner;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The drain against a real control plane: etcd, kube-apiserver and kube-controller-manager (whose
 * disruption controller computes each PodDisruptionBudget's allowance, whose ReplicaSet and
 * DaemonSet controllers make the pods, whose garbage collector would delete pods of a missing
 * owner), started from kboot's manifests as ControlPlaneApiIT does, but listening on 127.0.0.19 so
 * that it runs beside the other ITs. There is no kubelet and no scheduler, so the test plays their
 * parts, as little as it can: it registers the Nodes, binds the DaemonSet's pods to them (the
 * scheduler's Binding), reports the web pods Running and Ready (the kubelet's status), and
 * confirms each pod that has a deletionTimestamp by deleting it with grace period 0, which is what
 * a kubelet does once the containers stopped. Without that last part an evicted pod stays for ever
 * on a node with no kubelet, and the drain rightly times out waiting for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrainIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADDRESS = "127.0.0.19";
    static final String NS = "shop";
    static final Resource POD = Resource.of("v1", "Pod");
    static final Resource NODE = Resource.of("v1", "Node");
    static final Resource PDB = Resource.of("policy/v1", "PodDisruptionBudget");

    Path dir;
    StaticPodProcesses processes;
    KubeApi api;
    final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    final CompletableFuture<Void> kubelet = new CompletableFuture<>();

    @BeforeAll
    void startControlPlane() throws Exception {
        StaticPodProcesses.requireBinaries();
        dir = Files.createTempDirectory("kboot-drain-it");
        processes = new StaticPodProcesses(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("kubeadm.yaml");
        Files.writeString(config, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint: {advertiseAddress: %1$s, bindPort: %2$d}
                nodeRegistration: {name: drain-cp}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.36.3
                certificatesDir: %3$s
                etcd:
                  local:
                    dataDir: %4$s
                    extraArgs:
                    - {name: listen-client-urls, value: "https://%1$s:2379"}
                    - {name: listen-metrics-urls, value: "http://%1$s:2381"}
                apiServer:
                  extraArgs:
                  - {name: bind-address, value: %1$s}
                  - {name: etcd-servers, value: "https://%1$s:2379"}
                controllerManager:
                  extraArgs:
                  - {name: bind-address, value: %1$s}
                """.formatted(ADDRESS, port, dir.resolve("pki"), dir.resolve("etcd")));
        InitSettings settings = TestSettings.init(ConfigLoader.load(config), f -> f.kubeconfigDir = Optional.of(dir.toString()));
        InitContext ctx = new InitContext(settings, new LocalHost(), Reporters.capturing().reporter());
        for (String phase : List.of("certs", "kubeconfig")) {
            Runner.run(InitWorkflow.build().plan(Optional.of(phase), Set.of()), ctx, ctx.reporter());
        }
        var spec = ctx.controlPlaneNode().spec(ctx.host(), List.of());
        for (Component c : List.of(Component.ETCD, Component.KUBE_APISERVER, Component.KUBE_CONTROLLER_MANAGER)) {
            processes.start(c.id(), StaticPods.render(c, spec));
        }
        HealthCheck.await(ctx.host(), List.of(
                new HealthCheck.Endpoint("kube-apiserver", "https", ADDRESS, port, "/readyz",
                        ClientTls.trusting(ctx.caCertificatePem(), ADDRESS)),
                new HealthCheck.Endpoint("kube-controller-manager", "https", ADDRESS, 10257, "/healthz", ClientTls.insecure())),
                Duration.ofMinutes(4), m -> {});
        api = ctx.api();
        api.create(object("v1", "Namespace", null, "shop"));
        // The ServiceAccount admission refuses pods until the controller made the namespace's default ServiceAccount.
        await("the default ServiceAccount of " + NS,
                () -> api.get(Resource.of("v1", "ServiceAccount"), NS, "default").isPresent());
        startKubeletStandIn();
    }

    @AfterAll
    void stop() throws InterruptedException {
        kubelet.complete(null);
        if (processes != null) {
            processes.close();
        }
        if (dir != null && System.getenv("KBOOT_KEEP_IT") == null) {
            StaticPodProcesses.deleteTree(dir);
        }
    }

    /**
     * A kubelet's last word on a pod being deleted: its containers stopped, so it deletes the pod for
     * good. Every node of the test is this kubelet's.
     */
    void startKubeletStandIn() {
        KubeApi once = api.once();
        Thread thread = new Thread(() -> {
            while (!kubelet.isDone()) {
                try {
                    for (JsonNode pod : once.list(POD, NS, Optional.empty())) {
                        JsonNode metadata = pod.path("metadata");
                        if (metadata.has("deletionTimestamp") && !pod.path("spec").path("nodeName").asText().isEmpty()) {
                            once.delete(POD, NS, metadata.path("name").asText(), Duration.ZERO);
                            confirmed.add(metadata.path("uid").asText());
                        }
                    }
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the API server is busy: the next round tries again, as a kubelet would
                }
            }
        }, "kubelet-stand-in");
        thread.setDaemon(true);
        thread.start();
    }

    @Test
    void refusesWithoutTheFlagsThenDrainsOnceTheBudgetAllowsAndSkipsDaemonSetAndMirrorPods() throws Exception {
        String node = "w1";
        api.create(node(node));
        List<JsonNode> web = replicaSet("web", node, 2, false);
        web.forEach(this::runningAndReady);
        List<JsonNode> cache = replicaSet("cache", node, 1, true);
        JsonNode debug = api.create(pod("debug", node));
        JsonNode done = api.create(pod("done", node));
        api.mergePatch(POD, NS, "done/status", json("{\"status\": {\"phase\": \"Succeeded\"}}"));
        ObjectNode mirror = pod("static-" + node, node);
        mirror.withObject("metadata").putObject("annotations").put(DrainPod.MIRROR_ANNOTATION, "kboot-it");
        mirror = api.create(mirror);
        JsonNode agent = daemonSetPod("agent", node);
        budget("web", 2);

        List<String> plan = Drain.plan(api, node, DrainOptions.defaults());
        assertEquals(List.of("would cordon node w1", "ignoring DaemonSet-managed pods: shop/" + name(agent),
                "ignoring mirror pods of static Pods (the kubelet owns them): shop/static-w1"), plan.subList(0, 3));
        assertTrue(plan.get(3).startsWith("would fail: cannot drain node w1, nothing was evicted: "), plan.get(3));
        assertFalse(cordoned(node), "a plan changes nothing");
        List<String> allowed = Drain.plan(api, node, new DrainOptions(true, Duration.ofMinutes(3), true, true));
        assertEquals("would delete finished pods: shop/done", allowed.get(3));
        assertTrue(allowed.get(4).startsWith("would evict 4 pod(s) within 180s: shop/"), allowed.get(4));

        List<String> first = new CopyOnWriteArrayList<>();
        var refused = assertThrows(KbootException.StepFailed.class, () -> Drain.drain(api, node, DrainOptions.defaults(),
                first::add));
        String message = refused.getMessage();
        assertTrue(message.startsWith("cannot drain node w1, nothing was evicted: "), message);
        assertTrue(message.contains("--delete-emptydir-data to evict them anyway): shop/" + name(cache.get(0))), message);
        assertTrue(message.contains("--force-drain to delete them anyway): shop/debug"), message);
        assertTrue(message.endsWith("node w1 uncordoned again"), message);
        assertFalse(cordoned(node), "refused before any eviction, and uncordoned");
        for (JsonNode pod : List.of(web.get(0), web.get(1), cache.get(0), debug, done)) {
            JsonNode now = api.get(POD, NS, name(pod)).orElseThrow();
            assertEquals(uid(pod), uid(now));
            assertFalse(now.path("metadata").has("deletionTimestamp"), name(pod) + " was not touched");
        }

        List<String> progress = new CopyOnWriteArrayList<>();
        DrainOptions all = new DrainOptions(true, Duration.ofMinutes(3), true, true);
        CompletableFuture<Drained> drain = CompletableFuture.supplyAsync(() -> Drain.drain(api, node, all, progress::add));
        await("the budget refusing an eviction", () -> progress.stream().anyMatch(l -> l.contains("cannot be evicted yet")));
        assertTrue(cordoned(node), "cordoned while it drains");
        String blocked = progress.stream().filter(l -> l.contains("cannot be evicted yet")).findFirst().orElseThrow();
        assertTrue(blocked.matches("pod shop/web-\\S+ cannot be evicted yet, trying again every 5s: Cannot evict pod as it"
                + " would violate the pod's disruption budget\\..*The disruption budget web needs 2 healthy pods.*"), blocked);
        assertFalse(drain.isDone());
        Thread.sleep(6000); // a second refusal, to see it retried rather than given up
        assertFalse(drain.isDone(), String.join("\n", progress));
        api.mergePatch(PDB, NS, "web", json("{\"spec\": {\"minAvailable\": 0}}"));
        Drained drained = drain.get(2, TimeUnit.MINUTES);

        assertEquals(4, drained.evicted(), String.join("\n", progress));
        assertEquals(1, drained.deleted());
        assertEquals(Set.of("shop/" + name(agent), "shop/" + name(mirror)), Set.copyOf(drained.skipped()));
        assertTrue(drained.cordoned());
        assertTrue(cordoned(node), "a drained node stays cordoned until the caller uncordons it");
        for (JsonNode pod : List.of(web.get(0), web.get(1), cache.get(0), debug, done)) {
            Optional<ObjectNode> now = api.get(POD, NS, name(pod));
            assertTrue(now.isEmpty() || !uid(now.get()).equals(uid(pod)), name(pod) + " is gone");
        }
        for (JsonNode pod : List.of(web.get(0), web.get(1), cache.get(0), debug)) {
            assertTrue(confirmed.contains(uid(pod)), name(pod) + " was evicted, and the drain waited for its kubelet");
        }
        assertEquals(uid(agent), uid(api.get(POD, NS, name(agent)).orElseThrow()), "the DaemonSet's pod stays");
        assertEquals(uid(mirror), uid(api.get(POD, NS, name(mirror)).orElseThrow()), "the mirror pod stays");
        assertTrue(progress.contains("cordoned node w1"), String.join("\n", progress));
        assertTrue(progress.contains("ignoring DaemonSet-managed pods: shop/" + name(agent)), String.join("\n", progress));
        assertTrue(progress.contains("ignoring mirror pods of static Pods (the kubelet owns them): shop/static-w1"),
                String.join("\n", progress));
        assertTrue(progress.contains("deleted finished pod shop/done (Succeeded)"), String.join("\n", progress));
        assertTrue(drained.summary().startsWith("drained node w1 in "), drained.summary());

        Drain.uncordon(api, node);
        assertFalse(cordoned(node));
    }

    @Test
    void aBudgetThatNeverAllowsTimesOutNamesThePodAndTheBudgetAndUncordons() {
        String node = "w2";
        api.create(node(node));
        List<JsonNode> db = replicaSet("db", node, 1, false);
        db.forEach(this::runningAndReady);
        budget("db", 1);

        List<String> progress = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        var timedOut = assertThrows(KbootException.StepFailed.class,
                () -> Drain.drain(api, node, new DrainOptions(true, Duration.ofSeconds(17), false, false), progress::add));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(17), "the timeout bounds the retries, not a shorter one");
        String message = timedOut.getMessage();
        assertTrue(message.startsWith("drain of node w2 timed out after 17s (--drain-timeout): 1 pod(s) not evicted: shop/"
                + name(db.get(0)) + " (Cannot evict pod as it would violate the pod's disruption budget."), message);
        assertTrue(message.contains("The disruption budget db needs 1 healthy pods and has 1 currently"), message);
        assertTrue(message.endsWith("; node w2 uncordoned again"), message);
        assertFalse(cordoned(node));
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("still draining node w2 (1") && l.contains(" of 17s): 1 pod(s)"
                + " not evicted: shop/" + name(db.get(0)) + " (Cannot evict pod")), String.join("\n", progress));
        assertFalse(api.get(POD, NS, name(db.get(0))).orElseThrow().path("metadata").has("deletionTimestamp"));

        // A node the operator cordoned before stays cordoned after a failed drain.
        api.mergePatch(NODE, null, node, json("{\"spec\": {\"unschedulable\": true}}"));
        var again = assertThrows(KbootException.StepFailed.class,
                () -> Drain.drain(api, node, new DrainOptions(true, Duration.ofSeconds(2), false, false), progress::add));
        assertFalse(again.getMessage().contains("uncordoned"), again.getMessage());
        assertTrue(cordoned(node));
        assertTrue(progress.contains("node w2 was cordoned already; it stays cordoned whatever happens"));
        Drain.uncordon(api, node);
    }

    /** kubectl drain with several nodes: all cordoned first, drained one by one, all uncordoned when one fails. */
    @Test
    void severalNodesAreCordonedFirstAndAllUncordonedWhenOneFails() {
        api.create(node("w4"));
        api.create(node("w5"));
        List<JsonNode> app = replicaSet("app", "w4", 1, false);
        api.create(pod("stray", "w5"));

        List<String> progress = new CopyOnWriteArrayList<>();
        var failed = assertThrows(KbootException.StepFailed.class,
                () -> Drain.drainAll(api, List.of("w4", "w5"), DrainOptions.defaults(), progress::add));
        assertEquals("cannot drain node w5, nothing was evicted: pods that no controller manages, which nothing would recreate"
                + " (add --force-drain to delete them anyway): shop/stray; node w4 uncordoned again; node w5 uncordoned again",
                failed.getMessage());
        assertEquals(List.of("cordoned node w4", "cordoned node w5", "evicting pod shop/" + name(app.get(0))),
                progress.subList(0, 3));
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("drained node w4 in ")), String.join("\n", progress));
        assertFalse(cordoned("w4"));
        assertFalse(cordoned("w5"));
    }

    @Test
    void noDrainLeavesTheNodeAloneAndAMissingNodeIsAFailure() {
        String node = "w3";
        api.create(node(node));
        List<String> progress = new ArrayList<>();
        Drained skipped = Drain.drain(api, node, new DrainOptions(false, Duration.ofMinutes(5), false, false), progress::add);
        assertFalse(skipped.drained());
        assertFalse(cordoned(node));
        assertEquals(List.of("--no-drain: node w3 is neither cordoned nor drained"), progress);
        var missing = assertThrows(KbootException.StepFailed.class,
                () -> Drain.drain(api, "nowhere", DrainOptions.defaults(), m -> {}));
        assertEquals("cannot drain node nowhere: there is no such Node", missing.getMessage());
    }

    // --- the cluster's objects, and the parts of the scheduler and the kubelet the test plays

    boolean cordoned(String node) {
        return api.get(NODE, null, node).orElseThrow().path("spec").path("unschedulable").asBoolean(false);
    }

    /** A ReplicaSet whose pods are bound to the node by their template (no scheduler here); returns its pods once made. */
    List<JsonNode> replicaSet(String name, String node, int replicas, boolean emptyDir) {
        ObjectNode rs = object("apps/v1", "ReplicaSet", NS, name);
        ObjectNode spec = rs.putObject("spec").put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        template.set("spec", podSpec(node, emptyDir));
        String owner = uid(api.create(rs));
        List<JsonNode> pods = new ArrayList<>();
        await(replicas + " pod(s) of ReplicaSet " + name, () -> {
            pods.clear();
            for (JsonNode pod : api.listLabeled(POD, NS, "app=" + name)) {
                if (StreamSupport.stream(pod.path("metadata").path("ownerReferences").spliterator(), false)
                        .anyMatch(o -> o.path("uid").asText().equals(owner) && o.path("controller").asBoolean())) {
                    pods.add(pod);
                }
            }
            return pods.size() == replicas;
        });
        return List.copyOf(pods);
    }

    /** A DaemonSet's pod for the node, bound to it as the scheduler would. */
    JsonNode daemonSetPod(String name, String node) {
        ObjectNode ds = object("apps/v1", "DaemonSet", NS, name);
        ObjectNode spec = ds.putObject("spec");
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        ObjectNode podSpec = podSpec(node, true);
        podSpec.remove("nodeName");
        template.set("spec", podSpec);
        api.create(ds);
        List<JsonNode> found = new ArrayList<>();
        await("the pod of DaemonSet " + name + " for " + node, () -> {
            found.clear();
            for (JsonNode pod : api.listLabeled(POD, NS, "app=" + name)) {
                if (pod.toString().contains("\"" + node + "\"")) {
                    found.add(pod);
                }
            }
            return found.size() == 1;
        });
        String pod = name(found.get(0));
        ObjectNode binding = object("v1", "Binding", NS, pod);
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
        KubeApi.Answer bound = api.postSubresource(POD, NS, pod, "binding", binding);
        assertTrue(bound.succeeded(), bound.message());
        return api.get(POD, NS, pod).orElseThrow();
    }

    /** The kubelet's report that the pod runs and is ready: a budget counts only ready pods as healthy. */
    void runningAndReady(JsonNode pod) {
        api.mergePatch(POD, NS, name(pod) + "/status", json("""
                {"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}"""));
    }

    /** A budget over the app's pods; returns once the disruption controller has computed its allowance. */
    void budget(String app, int minAvailable) {
        ObjectNode pdb = object("policy/v1", "PodDisruptionBudget", NS, app);
        ObjectNode spec = pdb.putObject("spec").put("minAvailable", minAvailable);
        spec.putObject("selector").putObject("matchLabels").put("app", app);
        api.create(pdb);
        await("the disruption controller's status of budget " + app, () -> {
            JsonNode status = api.get(PDB, NS, app).orElseThrow().path("status");
            return status.path("observedGeneration").asLong() >= 1 && status.path("currentHealthy").asInt() >= minAvailable;
        });
    }

    /** Tolerates every taint: a kubelet-less Node gets the node lifecycle controller's not-ready and unreachable ones. */
    static ObjectNode podSpec(String node, boolean emptyDir) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("nodeName", node);
        spec.putArray("tolerations").addObject().put("operator", "Exists");
        ObjectNode container =
                spec.putArray("containers").addObject().put("name", "main").put("image", "registry.k8s.io/pause:3.10");
        if (emptyDir) {
            spec.putArray("volumes").addObject().put("name", "scratch").putObject("emptyDir");
            container.putArray("volumeMounts").addObject().put("name", "scratch").put("mountPath", "/scratch");
        }
        return spec;
    }

    static ObjectNode pod(String name, String node) {
        ObjectNode pod = object("v1", "Pod", NS, name);
        pod.set("spec", podSpec(node, false));
        return pod;
    }

    static ObjectNode node(String name) {
        ObjectNode node = object("v1", "Node", null, name);
        node.withObject("metadata").putObject("labels").put("kubernetes.io/hostname", name);
        return node;
    }

    static ObjectNode object(String apiVersion, String kind, String namespace, String name) {
        ObjectNode object = JsonNodeFactory.instance.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        return object;
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asText();
    }

    static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
        fail("no " + what + " within 2 minutes");
    }
}
