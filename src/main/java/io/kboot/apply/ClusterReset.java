package io.kboot.apply;

import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.InitSettings;
import io.kboot.drain.Drain;
import io.kboot.drain.DrainOptions;
import io.kboot.facts.HostFacts;
import io.kboot.host.DryRunHost;
import io.kboot.host.Fanout;
import io.kboot.host.Host;
import io.kboot.host.NamedHost;
import io.kboot.hostprep.HostPaths;
import io.kboot.report.Reporter;
import io.kboot.reset.Confirmation;
import io.kboot.reset.ResetContext;
import io.kboot.reset.ResetSettings;
import io.kboot.reset.ResetWorkflow;
import io.kboot.workflow.Phase;
import io.kboot.workflow.Plan;
import io.kboot.workflow.RunIf;
import io.kboot.workflow.Runner;
import io.kboot.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kboot reset -f cluster.yaml}: kboot reset on the hosts of a cluster file, all of them or
 * those named, in the order that keeps etcd whole: the workers first, in parallel, then the
 * control planes one at a time, the file's first control plane last (each removes its own etcd
 * member while the others still form a quorum; the last member is never removed). The operator
 * confirms once for all hosts. When a control plane that is not reset keeps the cluster running,
 * the reset hosts' Nodes are drained first (all cordoned, then their pods evicted through the
 * Eviction API one node at a time, PodDisruptionBudgets honoured: {@link Drain}), so the workloads
 * move before their containers are killed; afterwards the Nodes are deleted and the hosts leave
 * kboot's state ConfigMap, so the next {@code kboot apply} joins them anew instead of checking
 * Nodes that are gone. Without such a control plane (the whole cluster reset, or its API server
 * not answering) nothing is drained, and the run says why.
 */
public final class ClusterReset {
    /**
     * @param dryRun     run every check, change nothing, print the scripts
     * @param hosts      host names of the file to reset; empty means all
     * @param phase      the one reset phase to run on every host ({@code kboot reset phase ... -f}); empty means all
     * @param skipPhases reset phases to skip on every host
     * @param drain      how the reset hosts' Nodes are drained first ({@code --no-drain}, {@code --drain-timeout}, …)
     */
    public record Options(boolean dryRun, Set<String> hosts, Optional<String> phase, Set<String> skipPhases,
            String kbootVersion, DrainOptions drain) {
        public Options {
            hosts = Set.copyOf(hosts);
            skipPhases = Set.copyOf(skipPhases);
        }
    }

    /** Which hosts are reset, in which order, and which control planes stay. */
    record Order(List<HostSpec> workers, List<HostSpec> controlPlanes, List<HostSpec> staying) {
        /** @throws KbootException.InvalidInput naming every name the file does not have */
        static Order of(ClusterSpec spec, Set<String> only) {
            Set<String> names = spec.hosts().stream().map(HostSpec::name).collect(Collectors.toSet());
            List<String> unknown = only.stream().filter(n -> !names.contains(n)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new KbootException.InvalidInput(
                        "--hosts: " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                                + " not a host of " + spec.file() + " (its hosts: " + spec.hosts().stream().map(HostSpec::name)
                                        .collect(Collectors.joining(", "))
                                + ")");
            }
            List<HostSpec> chosen = spec.hosts().stream().filter(h -> only.isEmpty() || only.contains(h.name())).toList();
            List<HostSpec> controlPlanes = new ArrayList<>(chosen.stream().filter(HostSpec::controlPlane).toList());
            Collections.reverse(controlPlanes);
            List<HostSpec> staying = spec.hosts().stream().filter(h -> h.controlPlane() && !chosen.contains(h)).toList();
            return new Order(chosen.stream().filter(h -> !h.controlPlane()).toList(), List.copyOf(controlPlanes), staying);
        }

        List<HostSpec> reset() {
            List<HostSpec> all = new ArrayList<>(workers);
            all.addAll(controlPlanes);
            return all;
        }

        List<String> describe() {
            List<String> lines = new ArrayList<>();
            if (workers.size() == 1) {
                lines.add("reset the worker " + names(workers));
            } else if (!workers.isEmpty()) {
                lines.add("reset the workers " + names(workers) + " in parallel");
            }
            for (int i = 0; i < controlPlanes.size(); i++) {
                lines.add(
                        "reset control plane " + controlPlanes.get(i).name() + (i == controlPlanes.size() - 1 && staying.isEmpty()
                                ? " (the last: its etcd member and data go with it)" : ""));
            }
            lines.add(staying.isEmpty() ? "the cluster is gone afterwards"
                    : "the cluster stays on " + names(staying)
                            + ": the reset hosts' Nodes are deleted and they leave kboot's state");
            return lines;
        }

        private static String names(List<HostSpec> hosts) {
            return hosts.stream().map(HostSpec::name).collect(Collectors.joining(", "));
        }
    }

    /**
     * Which Nodes are drained before the reset: those of the reset hosts the cluster has, or none and why.
     *
     * @param nodes   the Nodes to drain, in the order of the reset
     * @param skipped why nothing is drained, when nothing is
     */
    record DrainDecision(List<String> nodes, Optional<String> skipped) {
        static DrainDecision none(String why) {
            return new DrainDecision(List.of(), Optional.of(why));
        }

        /**
         * @param phase     the one reset phase run ({@code kboot reset phase … -f}); empty for a whole reset
         * @param apiStays  an API server of a control plane that is not reset answered
         * @param nodeNames each reset host's Node name
         * @param present   the Nodes the cluster has
         */
        static DrainDecision of(Order order, DrainOptions drain, Optional<String> phase, boolean apiStays,
                Map<String, String> nodeNames, Set<String> present) {
            if (!drain.enabled()) {
                return none("--no-drain: the reset kills the pods of the reset hosts where they run");
            }
            if (phase.isPresent()) {
                return none("only the reset phase " + phase.get() + " runs: a drain goes with a whole reset");
            }
            if (order.staying().isEmpty()) {
                return none("the whole cluster is reset: no node stays to take the pods");
            }
            if (!apiStays) {
                return none("no API server of a control plane that stays answers: the pods cannot be evicted, the reset kills"
                        + " them where they run");
            }
            List<String> nodes = order.reset().stream().map(h -> nodeNames.get(h.name())).filter(present::contains).toList();
            return nodes.isEmpty() ? none("none of the reset hosts is a Node of the cluster") : new DrainDecision(nodes,
                    Optional.empty());
        }
    }

    private final ClusterSpec spec;
    private final Options options;
    private final ResetSettings settings;
    private final ApplyRun.Connector connector;
    private final Reporter reporter;
    private final Order order;
    private final String kubeconfigDir;
    private final Plan<ResetContext> phases;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private Optional<ApiConnection> admin = Optional.empty();
    private Observation observation;

    /**
     * Checks the names and the phases and plans the order; nothing is opened yet. The certificate and
     * kubeconfig directories are the file's (its ClusterConfiguration), as apply used them.
     */
    public ClusterReset(ClusterSpec spec, Options options, ApplyRun.Connector connector, Reporter reporter) {
        this.spec = spec;
        this.options = options;
        this.connector = connector;
        this.reporter = reporter;
        this.order = Order.of(spec, options.hosts());
        InitSettings cluster = spec.initSettings(spec.controlPlanes().get(0), Set.of(), false);
        this.settings = new ResetSettings(HostPaths.SYSTEM, cluster.pki().certificatesDir());
        this.kubeconfigDir = cluster.pki().kubeconfigDir();
        this.phases = ResetWorkflow.build().plan(options.phase(), options.skipPhases());
    }

    /** The question the operator answers once, before any host is opened. */
    public String question() {
        List<String> steps = new ArrayList<>();
        if (!order.staying().isEmpty() && options.drain().enabled() && options.phase().isEmpty()) {
            steps.add("drain the reset hosts' Nodes first (cordon, then evict their pods honouring PodDisruptionBudgets, within "
                    + options.drain().timeout().toSeconds() + "s each)");
        }
        steps.addAll(order.describe());
        return "Reset " + order.reset().size() + " host(s) of cluster " + spec.name() + ":\n  "
                + String.join("\n  ", steps)
                + "\nEvery reset host loses its Kubernetes files, containers, pod network and what host preparation changed.";
    }

    public void run() {
        try {
            List<Phase<ClusterReset>> stages = new ArrayList<>();
            stages.add(Phase.leaf("connect", "Connect to the hosts to reset and the control planes that stay",
                    ClusterReset::connect));
            if (!order.staying().isEmpty()) {
                stages.add(Phase.leaf("observe", "Find the Nodes of the hosts to reset on a control plane that stays",
                        ClusterReset::observe));
            }
            RunIf<ClusterReset> drains = run -> run.drainDecision().skipped();
            stages.add(Phase.leaf("drain", "Cordon the reset hosts' Nodes and evict their pods through the Eviction API", drains,
                    ClusterReset::drain));
            if (!order.workers().isEmpty()) {
                stages.add(Phase.leaf("reset-workers", "Reset the workers in parallel", ClusterReset::resetWorkers));
            }
            if (!order.controlPlanes().isEmpty()) {
                List<Phase<ClusterReset>> each = new ArrayList<>();
                for (HostSpec h : order.controlPlanes()) {
                    each.add(Phase.leaf(h.name(), "Reset control plane " + h.name(),
                            run -> run.resetHost(h, "reset-control-planes")));
                }
                stages.add(
                        Phase.group("reset-control-planes", "Reset the control planes one at a time, the first one last", each));
            }
            if (!order.staying().isEmpty()) {
                stages.add(Phase.leaf("forget", "Delete the reset hosts' Nodes and drop them from kboot's state",
                        ClusterReset::forget));
            }
            Runner.run(new Workflow<>("kboot reset", stages).plan(Optional.empty(), Set.of()), this, reporter);
            reporter.result(
                    options.dryRun() ? "Dry run: nothing was changed. The reset would:" : "Reset of cluster " + spec.name() + ":",
                    order.describe());
        } finally {
            admin.ifPresent(ApiConnection::close);
            hosts.values().forEach(Host::close);
        }
    }

    void connect() {
        List<HostSpec> targets = new ArrayList<>(order.staying());
        targets.addAll(order.reset());
        List<Host> opened = connector.connect(targets);
        for (int i = 0; i < opened.size(); i++) {
            HostSpec h = targets.get(i);
            hosts.put(h.name(), new NamedHost(h.name(), opened.get(i)));
        }
        reporter.info(null, "connected to " + opened.size() + " host(s)");
    }

    /** The staying control planes first, so the API server that answers is one that outlives the reset. */
    void observe() {
        List<HostSpec> looked = new ArrayList<>(order.staying());
        looked.addAll(order.reset());
        Map<String, HostFacts> facts = new LinkedHashMap<>();
        List<HostFacts> gathered =
                Fanout.run(looked, HostSpec::name, Fanout.DEFAULT_CONCURRENCY, h -> HostFacts.gather(hosts.get(h.name())));
        for (int i = 0; i < looked.size(); i++) {
            facts.put(looked.get(i).name(), gathered.get(i));
        }
        ClusterObserver.Result result = ClusterObserver.observe(looked, hosts, facts, kubeconfigDir, reporter);
        observation = result.observation();
        admin = result.admin();
        boolean staysUp =
                observation.apiHost().map(name -> order.staying().stream().anyMatch(h -> h.name().equals(name))).orElse(false);
        if (!staysUp) {
            admin.ifPresent(ApiConnection::close);
            admin = Optional.empty();
            reporter.warn(null, "no API server of a control plane that stays answers (" + Order.names(order.staying())
                    + "): the reset hosts' Nodes stay in the cluster; delete them with kubectl delete node once it answers");
        }
    }

    DrainDecision drainDecision() {
        boolean apiStays = admin.isPresent();
        Map<String, String> nodeNames = new LinkedHashMap<>();
        Set<String> present = Set.of();
        if (observation != null) {
            order.reset().forEach(h -> nodeNames.put(h.name(), observation.hosts().get(h.name()).nodeName()));
            present = observation.nodes().keySet();
        }
        return DrainDecision.of(order, options.drain(), options.phase(), apiStays, nodeNames, present);
    }

    /** All the reset hosts' Nodes cordoned, then drained one at a time; a failure stops the reset before any host is touched. */
    void drain() {
        DrainDecision decision = drainDecision();
        for (HostSpec h : order.reset()) {
            String node = observation.hosts().get(h.name()).nodeName();
            if (!decision.nodes().contains(node)) {
                reporter.info(h.name(), "no Node " + node + " in the cluster: nothing to drain");
            }
        }
        if (options.dryRun()) {
            for (String node : decision.nodes()) {
                Drain.plan(admin.get().api(), node, options.drain()).forEach(line -> reporter.info(null, line));
            }
            return;
        }
        Drain.drainAll(admin.get().api(), decision.nodes(), options.drain(), message -> reporter.info(null, message));
    }

    void resetWorkers() {
        Fanout.run(order.workers(), HostSpec::name, Fanout.DEFAULT_CONCURRENCY, h -> {
            resetHost(h, "reset-workers");
            return null;
        });
    }

    void resetHost(HostSpec h, String stage) {
        Host host = options.dryRun() ? new DryRunHost(hosts.get(h.name())) : hosts.get(h.name());
        HostReporter r = new HostReporter(reporter, h.name(), stage);
        Runner.run(phases, new ResetContext(host, r, settings, Confirmation.GIVEN), r);
        if (host instanceof DryRunHost recorder) {
            reporter.plan(h.name(), recorder.changes().stream().map(ApplyRun::condensed).toList());
        }
    }

    void forget() {
        if (admin.isEmpty()) {
            return;
        }
        KubeApi api = options.dryRun() ? KubeApi.planning(line -> reporter.detail(null, "would " + line)) : admin.get().api();
        List<HostSpec> reset = order.reset();
        for (HostSpec h : reset) {
            String node = observation.hosts().get(h.name()).nodeName();
            if (observation.nodes().containsKey(node)) {
                api.delete(Resource.of("v1", "Node"), null, node);
                reporter.info(h.name(), (options.dryRun() ? "would delete" : "deleted") + " Node " + node);
            } else {
                reporter.info(h.name(), "no Node " + node + " in the cluster: nothing to delete");
            }
        }
        Optional<ClusterState> state = observation.state();
        Set<String> names = reset.stream().map(HostSpec::name).collect(Collectors.toCollection(LinkedHashSet::new));
        if (state.isPresent() && state.get().members().stream().anyMatch(m -> names.contains(m.name()))) {
            ClusterState after = state.get().without(names, options.kbootVersion(), Instant.now());
            api.createOrUpdate(after.toConfigMap());
            reporter.info(null, (options.dryRun() ? "would drop " : "dropped ") + String.join(", ", names) + " from "
                    + ClusterState.NAMESPACE + "/" + ClusterState.NAME);
        }
    }
}
