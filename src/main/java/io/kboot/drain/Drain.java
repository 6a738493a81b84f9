package io.kboot.drain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * kubectl drain, as an upgrade and a reset need it: cordon the Node, then evict its pods through
 * the Eviction API, so that PodDisruptionBudgets are honoured, and wait until they are gone.
 * DaemonSet-managed and mirror pods stay (their controllers would put them back at once); pods
 * with emptyDir data or without a controller are refused before anything is evicted unless the
 * options allow them. An eviction a budget refuses (HTTP 429) is tried again every 5 s until the
 * drain's timeout, and every 15 s the progress says which pods still wait and why. On any failure
 * the node is uncordoned again, unless it was cordoned before the drain began.
 */
public final class Drain {
    static final Resource NODE = Resource.of("v1", "Node");
    static final Resource POD = Resource.of("v1", "Pod");
    /** kubectl drain's pause after a 429 before it asks again. */
    static final Duration EVICTION_RETRY = Duration.ofSeconds(5);
    /** How often the pods still on the node are looked for (kubectl's waitForDelete polls every second). */
    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final KubeApi api;
    private final String node;
    private final DrainOptions options;
    private final Consumer<String> progress;
    private final ApiRetry.Clock clock;

    private Drain(KubeApi api, String node, DrainOptions options, Consumer<String> progress, ApiRetry.Clock clock) {
        this.api = api;
        this.node = node;
        this.options = options;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Cordons and drains the node; with {@code --no-drain} ({@code enabled} false) it does nothing and says so.
     *
     * @param progress what the drain does and, every 15 s, what it still waits for
     * @throws KbootException.StepFailed naming the pods not evicted and why, the node uncordoned again
     */
    public static Drained drain(KubeApi api, String node, DrainOptions options, Consumer<String> progress) {
        return drainAll(api, List.of(node), options, progress).get(0);
    }

    /**
     * kubectl drain with several nodes: all are cordoned first, so that pods evicted from one do not
     * land on the next, then drained one at a time, each within the timeout. On a failure every node
     * this call cordoned is uncordoned again, those drained already included (their pods may come back).
     *
     * @throws KbootException.StepFailed naming the node, the pods not evicted and why
     */
    public static List<Drained> drainAll(KubeApi api, List<String> nodes, DrainOptions options, Consumer<String> progress) {
        return drainAll(api, nodes, options, progress, ApiRetry.Clock.SYSTEM);
    }

    static List<Drained> drainAll(KubeApi api, List<String> nodes, DrainOptions options, Consumer<String> progress,
            ApiRetry.Clock clock) {
        if (!options.enabled()) {
            nodes.forEach(node -> progress.accept("--no-drain: node " + node + " is neither cordoned nor drained"));
            return nodes.stream().map(Drained::notDrained).toList();
        }
        if (api.planning()) {
            nodes.forEach(node -> progress.accept("would cordon node " + node + " and evict its pods"));
            return nodes.stream().map(Drained::notDrained).toList();
        }
        List<String> cordonedHere = new ArrayList<>();
        try {
            for (String node : nodes) {
                if (cordon(api, node, progress)) {
                    cordonedHere.add(node);
                }
            }
            List<Drained> drained = new ArrayList<>();
            for (String node : nodes) {
                drained.add(new Drain(api, node, options, progress, clock).run(cordonedHere.contains(node)));
            }
            return drained;
        } catch (KbootException.StepFailed e) {
            throw new KbootException.StepFailed(e.getMessage() + uncordonAfterFailure(api, cordonedHere, progress), e);
        } catch (RuntimeException e) {
            uncordonAfterFailure(api, cordonedHere, progress);
            throw e;
        }
    }

    /**
     * What a drain of the node would do, read-only, for a dry run: its pods found and sorted as the
     * drain would ("would evict …", "ignoring DaemonSet-managed pods: …", "would fail: …").
     */
    public static List<String> plan(KubeApi api, String node, DrainOptions options) {
        if (!options.enabled()) {
            return List.of("--no-drain: node " + node + " would be neither cordoned nor drained");
        }
        Optional<ObjectNode> current = api.get(NODE, null, node);
        if (current.isEmpty()) {
            return List.of("no Node " + node + ": nothing to drain");
        }
        List<String> lines = new ArrayList<>();
        lines.add(current.get().path("spec").path("unschedulable").asBoolean(false) ? "node " + node + " is cordoned already"
                : "would cordon node " + node);
        Triage triage = new Drain(api, node, options, m -> {}, ApiRetry.Clock.SYSTEM).triage();
        lines.addAll(triage.skipped());
        if (triage.refused()) {
            lines.add("would fail: " + triage.refusal(node));
            return lines;
        }
        if (!triage.delete().isEmpty()) {
            lines.add("would delete finished pods: " + Triage.names(triage.delete()));
        }
        lines.add(triage.evict().isEmpty() ? "no pod to evict"
                : "would evict " + triage.evict().size() + " pod(s) within " + options.timeout().toSeconds() + "s: "
                        + Triage.names(triage.evict()));
        return lines;
    }

    /** Makes the node schedulable again (kubectl uncordon); nothing if it already is. */
    public static void uncordon(KubeApi api, String node) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("spec").putNull("unschedulable");
        api.mergePatch(NODE, null, node, patch);
    }

    /** Cordons the node unless it is cordoned already; true if this call cordoned it. */
    private static boolean cordon(KubeApi api, String node, Consumer<String> progress) {
        JsonNode current = api.get(NODE, null, node)
                .orElseThrow(() -> new KbootException.StepFailed("cannot drain node " + node + ": there is no such Node"));
        if (current.path("spec").path("unschedulable").asBoolean(false)) {
            progress.accept("node " + node + " was cordoned already; it stays cordoned whatever happens");
            return false;
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("spec").put("unschedulable", true);
        api.mergePatch(NODE, null, node, patch);
        progress.accept("cordoned node " + node);
        return true;
    }

    /** Uncordons, and says how that went: a failed uncordon must not hide the drain's own failure. */
    private static String uncordonAfterFailure(KubeApi api, List<String> nodes, Consumer<String> progress) {
        StringBuilder said = new StringBuilder();
        for (String node : nodes) {
            try {
                uncordon(api, node);
                progress.accept("uncordoned node " + node + " again: the drain failed");
                said.append("; node ").append(node).append(" uncordoned again");
            } catch (KbootException e) {
                said.append("; node ").append(node).append(" stays cordoned, the uncordon failed too (").append(e.getMessage())
                        .append("): run kubectl uncordon ").append(node);
            }
        }
        return said.toString();
    }

    /** Drains the cordoned node within the timeout, which starts now: each node of several gets all of it. */
    private Drained run(boolean cordonedHere) {
        long start = clock.nanoTime();
        Triage triage = triage();
        triage.skipped().forEach(progress);
        if (triage.refused()) {
            throw new KbootException.StepFailed(triage.refusal(node));
        }
        int deleted = deleteFinished(triage.delete());
        int evicted = evictAndWait(triage, start);
        List<String> skipped = new ArrayList<>();
        triage.daemonSetPods().forEach(p -> skipped.add(p.toString()));
        triage.mirrorPods().forEach(p -> skipped.add(p.toString()));
        Drained drained =
                new Drained(node, true, cordonedHere, evicted, deleted, skipped, Duration.ofNanos(clock.nanoTime() - start));
        progress.accept(drained.summary());
        return drained;
    }

    private Triage triage() {
        return Triage.of(podsOnNode().stream().map(DrainPod::of).toList(), options);
    }

    private List<JsonNode> podsOnNode() {
        List<JsonNode> pods = new ArrayList<>();
        api.listEverywhere(POD, "spec.nodeName=" + node).forEach(pods::add);
        return pods;
    }

    /** Succeeded and Failed pods are deleted, as kubectl drain does: there is nothing to disrupt. */
    private int deleteFinished(List<DrainPod> finished) {
        for (DrainPod pod : finished) {
            api.delete(POD, pod.namespace(), pod.name());
            progress.accept("deleted finished pod " + pod + " (" + pod.phase() + ")");
        }
        return finished.size();
    }

    /**
     * Evicts every pod of the triage and waits until each is gone (deleted, or its name taken by a
     * pod with another UID), all within the drain's timeout. Returns how many were evicted.
     */
    private int evictAndWait(Triage triage, long start) {
        long deadline = start + options.timeout().toNanos();
        long nextProgress = clock.nanoTime() + PROGRESS_EVERY.toNanos();
        Map<DrainPod, String> refused = new LinkedHashMap<>();
        Map<DrainPod, Long> nextTry = new LinkedHashMap<>();
        Set<DrainPod> leaving = new LinkedHashSet<>(triage.delete());
        triage.evict().forEach(p -> nextTry.put(p, start));
        int evicted = 0;
        while (true) {
            long now = clock.nanoTime();
            for (DrainPod pod : new ArrayList<>(nextTry.keySet())) {
                if (nextTry.get(pod) > now) {
                    continue;
                }
                KubeApi.Answer answer = api.postSubresource(POD, pod.namespace(), pod.name(), "eviction", eviction(pod));
                if (answer.succeeded() || answer.status() == 404) {
                    nextTry.remove(pod);
                    refused.remove(pod);
                    evicted++;
                    if (answer.succeeded()) {
                        leaving.add(pod);
                        progress.accept("evicting pod " + pod);
                    }
                } else if (answer.status() == 429) {
                    if (!refused.containsKey(pod)) {
                        progress.accept("pod " + pod + " cannot be evicted yet, trying again every "
                                + EVICTION_RETRY.toSeconds() + "s: " + answer.message());
                    }
                    refused.put(pod, answer.message());
                    nextTry.put(pod, now + EVICTION_RETRY.toNanos());
                } else {
                    refused.put(pod, "HTTP " + answer.status() + ": " + answer.message());
                    throw new KbootException.StepFailed("cannot drain node " + node + ": " + notEvicted(refused, leaving));
                }
            }
            leaving.removeAll(gone(leaving));
            if (nextTry.isEmpty() && leaving.isEmpty()) {
                return evicted;
            }
            now = clock.nanoTime();
            if (now >= deadline) {
                throw new KbootException.StepFailed("drain of node " + node + " timed out after "
                        + options.timeout().toSeconds() + "s (--drain-timeout): " + notEvicted(refused, leaving));
            }
            if (now >= nextProgress) {
                progress.accept("still draining node " + node + " (" + seconds(now - start) + " of "
                        + options.timeout().toSeconds() + "s): " + notEvicted(refused, leaving));
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            clock.sleep(POLL);
        }
    }

    private static ObjectNode eviction(DrainPod pod) {
        ObjectNode eviction = JsonNodeFactory.instance.objectNode().put("apiVersion", "policy/v1").put("kind", "Eviction");
        eviction.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace());
        return eviction;
    }

    /** The pods of {@code leaving} no longer on the node: deleted, or replaced by a pod of the same name and another UID. */
    private Set<DrainPod> gone(Set<DrainPod> leaving) {
        if (leaving.isEmpty()) {
            return Set.of();
        }
        Set<String> present = new HashSet<>();
        for (JsonNode pod : podsOnNode()) {
            present.add(pod.path("metadata").path("uid").asText());
        }
        return leaving.stream().filter(p -> !present.contains(p.uid())).collect(Collectors.toSet());
    }

    /** "2 pod(s) not evicted: ns/a (…budget…); 1 evicted but not gone yet: ns/b". */
    static String notEvicted(Map<DrainPod, String> refused, Set<DrainPod> leaving) {
        List<String> parts = new ArrayList<>();
        if (!refused.isEmpty()) {
            parts.add(refused.size() + " pod(s) not evicted: " + refused.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
        }
        if (!leaving.isEmpty()) {
            parts.add(leaving.size() + " pod(s) evicted but not gone yet (their kubelet has not confirmed they stopped): "
                    + Triage.names(List.copyOf(leaving)));
        }
        return String.join("; ", parts);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%ds", Math.round(nanos / 1e9));
    }
}
