package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.drain.DrainOptions;
import io.kboot.host.Command;
import io.kboot.host.ExecResult;
import io.kboot.host.ForwardingHost;
import io.kboot.host.Host;
import io.kboot.host.RecordingHost;
import io.kboot.report.Reporters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kboot reset -f: which hosts, in which order, and one host's reset through the same phases as kboot reset. */
class ClusterResetTest {
    @TempDir
    Path dir;
    ClusterSpec spec;

    @BeforeEach
    void file() throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(dir.resolve("key"), "not read: no host is connected for real");
        Files.writeString(file, """
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                metadata: {name: lab}
                ssh: {key: key}
                hosts:
                - {name: cp1, address: 10.0.0.10, role: control-plane}
                - {name: w1, address: 10.0.0.11, role: worker}
                - {name: cp2, address: 10.0.0.12, role: control-plane}
                - {name: w2, address: 10.0.0.13, role: worker}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                controlPlaneEndpoint: api.lab:6443
                """);
        spec = ClusterSpec.load(file, dir);
    }

    private static List<String> names(List<HostSpec> hosts) {
        return hosts.stream().map(HostSpec::name).toList();
    }

    @Test
    void workersFirstThenControlPlanesOneAtATimeTheFirstLast() {
        ClusterReset.Order all = ClusterReset.Order.of(spec, Set.of());
        assertEquals(List.of("w1", "w2"), names(all.workers()));
        assertEquals(List.of("cp2", "cp1"), names(all.controlPlanes()));
        assertEquals(List.of(), all.staying());
        assertEquals(List.of("reset the workers w1, w2 in parallel", "reset control plane cp2",
                "reset control plane cp1 (the last: its etcd member and data go with it)", "the cluster is gone afterwards"),
                all.describe());

        ClusterReset.Order some = ClusterReset.Order.of(spec, Set.of("w2", "cp2"));
        assertEquals(List.of("w2"), names(some.workers()));
        assertEquals(List.of("cp2"), names(some.controlPlanes()));
        assertEquals(List.of("cp1"), names(some.staying()));
        assertEquals("reset the worker w2", some.describe().get(0));
        assertTrue(some.describe().get(some.describe().size() - 1)
                .startsWith("the cluster stays on cp1: the reset hosts' Nodes are deleted"));
    }

    @Test
    void aNameTheFileDoesNotHaveIsBadInput() {
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class,
                () -> ClusterReset.Order.of(spec, Set.of("w9", "w1", "cp7")));
        assertEquals("--hosts: cp7, w9 are not a host of " + dir.resolve("cluster.yaml") + " (its hosts: cp1, w1, cp2, w2)",
                e.getMessage());
    }

    /** kboot reset -f --hosts drains what it resets only through an API server that outlives the reset. */
    @Test
    void theResetHostsNodesAreDrainedOnlyWhileAControlPlaneThatStaysAnswers() {
        ClusterReset.Order some = ClusterReset.Order.of(spec, Set.of("w2", "cp2"));
        Map<String, String> nodeNames = Map.of("w2", "w2.lab", "cp2", "cp2.lab");
        Set<String> present = Set.of("cp1.lab", "w1.lab", "w2.lab", "cp2.lab");

        var drained = ClusterReset.DrainDecision.of(some, DrainOptions.defaults(), Optional.empty(), true, nodeNames, present);
        assertEquals(List.of("w2.lab", "cp2.lab"), drained.nodes(), "the workers first, as they are reset");
        assertEquals(Optional.empty(), drained.skipped());

        var onlyNodes = ClusterReset.DrainDecision.of(some, DrainOptions.defaults(), Optional.empty(), true, nodeNames,
                Set.of("cp2.lab"));
        assertEquals(List.of("cp2.lab"), onlyNodes.nodes(), "a host that never joined has no Node to drain");

        var noApi = ClusterReset.DrainDecision.of(some, DrainOptions.defaults(), Optional.empty(), false, nodeNames, present);
        assertEquals(List.of(), noApi.nodes());
        assertTrue(noApi.skipped().orElseThrow().startsWith("no API server of a control plane that stays answers"));

        var off = ClusterReset.DrainDecision.of(some, new DrainOptions(false, Duration.ofMinutes(5), false, false),
                Optional.empty(), true,
                nodeNames, present);
        assertTrue(off.skipped().orElseThrow().startsWith("--no-drain"), off.toString());

        var none = ClusterReset.DrainDecision.of(some, DrainOptions.defaults(), Optional.empty(), true, nodeNames,
                Set.of("cp1.lab"));
        assertEquals(Optional.of("none of the reset hosts is a Node of the cluster"), none.skipped());

        var everything = ClusterReset.DrainDecision.of(ClusterReset.Order.of(spec, Set.of()), DrainOptions.defaults(),
                Optional.empty(), true,
                Map.of(), present);
        assertEquals(Optional.of("the whole cluster is reset: no node stays to take the pods"), everything.skipped());

        var onePhase = ClusterReset.DrainDecision.of(some, DrainOptions.defaults(), Optional.of("cleanup-node/iptables"), true,
                nodeNames, present);
        assertEquals(Optional.of("only the reset phase cleanup-node/iptables runs: a drain goes with a whole reset"),
                onePhase.skipped());
    }

    /** A node after kjoin or kinit, reduced to what makes each reset phase act once: the kubelet runs. */
    private static RecordingHost node(String name) {
        return new RecordingHost(name)
                .answer("reset/preflight: check", "0\n")
                .answer("reset/cleanup-node/kubelet: check", "state=active\n")
                .answer("reset/cleanup-node/containers: check", "containerd=absent\n")
                .answer("reset/cleanup-node/files: check", "kubelet-dir=/var/lib/kubelet\n")
                .answer("reset/cleanup-node/network: check", "")
                .answer("reset/cleanup-node/iptables: check",
                        "### kboot-iptables iptables-nft nft\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n")
                .answer("reset/host-prep: check", "");
    }

    /** Every host of the file, as {@link #node} makes it. */
    private static Map<String, RecordingHost> nodes() {
        Map<String, RecordingHost> nodes = new ConcurrentHashMap<>();
        for (String name : List.of("cp1", "w1", "cp2", "w2")) {
            nodes.put(name, node(name));
        }
        return nodes;
    }

    /** Runs a whole-file reset on recorded hosts; returns the order in which the hosts' kubelets were stopped. */
    private List<String> reset(boolean dryRun, Map<String, RecordingHost> nodes, Reporters.Captured output) {
        List<String> stopped = Collections.synchronizedList(new ArrayList<>());
        ApplyRun.Connector connector = hosts -> hosts.stream().<Host>map(h -> new StopLog(nodes.get(h.name()), stopped)).toList();
        new ClusterReset(spec,
                new ClusterReset.Options(dryRun, Set.of(), Optional.empty(), Set.of(), "test", DrainOptions.defaults()),
                connector,
                output.reporter())
                .run();
        return stopped;
    }

    @Test
    void aWholeFileResetRunsEveryPhaseOnEveryHostInOrder() {
        Map<String, RecordingHost> nodes = nodes();
        Reporters.Captured output = Reporters.capturing();
        List<String> stopped = reset(false, nodes, output);

        assertEquals(Set.of("w1", "w2"), Set.copyOf(stopped.subList(0, 2)), output.text());
        assertEquals(List.of("cp2", "cp1"), stopped.subList(2, 4), output.text());
        for (RecordingHost node : nodes.values()) {
            assertEquals(List.of("# kboot reset/cleanup-node/kubelet: stop"), node.changes().stream()
                    .map(s -> s.lines().findFirst().orElse("")).toList(), node.name());
        }
        assertTrue(output.text().contains("the cluster is gone afterwards"), output.text());
        assertTrue(output.text().contains("the whole cluster is reset: no node stays to take the pods"), output.text());
    }

    @Test
    void aDryRunRunsTheChecksAndChangesNothing() {
        Map<String, RecordingHost> nodes = nodes();
        Reporters.Captured output = Reporters.capturing();
        assertEquals(List.of(), reset(true, nodes, output));
        nodes.values().forEach(node -> assertEquals(List.of(), node.changes(), node.name()));
        assertTrue(nodes.values().stream().allMatch(node -> node.commands().size() >= 7), "every check ran");
        assertTrue(output.text().contains("Dry run: nothing was changed."), output.text());
    }

    /** A host that notes, in one list shared by all hosts, when its kubelet is stopped. */
    private static final class StopLog extends ForwardingHost {
        private final List<String> stopped;

        StopLog(RecordingHost delegate, List<String> stopped) {
            super(delegate);
            this.stopped = stopped;
        }

        @Override
        public ExecResult exec(Command command) {
            ExecResult result = delegate.exec(command);
            if (command.mutating() && command.script().startsWith("# kboot reset/cleanup-node/kubelet: stop")) {
                stopped.add(delegate.name());
            }
            return result;
        }
    }
}
