package io.kboot.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.InitSettings;
import io.kboot.config.JoinDiscovery;
import io.kboot.config.JoinSettings;
import io.kboot.config.NodeSettings;
import io.kboot.config.RunOptions;
import io.kboot.drain.DrainOptions;
import io.kboot.facts.HostFacts;
import io.kboot.host.DryRunHost;
import io.kboot.host.Fanout;
import io.kboot.host.Host;
import io.kboot.host.NamedHost;
import io.kboot.hostprep.HostPrep;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.init.InitContext;
import io.kboot.init.InitWorkflow;
import io.kboot.join.JoinContext;
import io.kboot.join.JoinWorkflow;
import io.kboot.node.ControlPlaneMark;
import io.kboot.preflight.Checks;
import io.kboot.preflight.HostSetChecks;
import io.kboot.preflight.Preflight;
import io.kboot.report.Reporter;
import io.kboot.token.CertificateKey;
import io.kboot.workflow.Phase;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Runner;
import io.kboot.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kboot apply -f cluster.yaml}: brings the hosts of a cluster file to a cluster, in stages
 * that are the phases of the run's summary. First, read-only: {@code connect} (all hosts, in
 * parallel), {@code preflight} (all hosts in parallel, one report with every host's errors),
 * {@code observe}. Then {@link Planner} decides, and the plan is printed. Then, for the hosts that
 * need it: {@code prepare} (all in parallel), {@code init} (kinit master's phases after prepare on
 * the first control plane), {@code upload-certs} (only when control planes join a cluster made
 * earlier), {@code join-control-plane/N} (one at a time: etcd grows by one member at a time),
 * {@code join-workers/wave-N} (at most {@code waveSize} at once, each wave with its own bootstrap
 * token, valid for {@code tokenTtl} and deleted after the wave, so no token outlives its use or
 * expires under a long run), and {@code check} (nodes already there). The cluster's state
 * ConfigMap is written after each stage that adds members.
 *
 * <p>Each stage returns what the next takes: the open hosts, their facts, {@link Observed}, the
 * {@link ApplyPlan}, then {@link Applied} from one stage that acts to the next.
 *
 * <p>A dry run stops after {@code prepare}, which it runs through {@link DryRunHost}s: what host
 * preparation would change is listed per host next to the plan. kinit and kjoin are not dry-run
 * here: a join needs a real token, and {@code kinit master --dry-run} shows init in detail.
 */
public final class ApplyRun {
    private static final String WORKFLOW = "kboot apply";
    private static final Set<String> DONE_BEFORE = Set.of("preflight", HostPrep.PHASE);

    /**
     * @param waveSize workers joined at once
     * @param tokenTtl how long each wave's token is valid; it is deleted when the wave is done
     * @param ignoredChecks preflight checks whose errors are warnings (or "all")
     * @param upgradeWave workers upgraded at once; empty: a tenth of them, at least one
     * @param drain how each node is drained before its kubelet restarts in an upgrade
     */
    public record Options(boolean dryRun, int waveSize, Duration tokenTtl, Set<String> ignoredChecks, String kbootVersion,
            Optional<Integer> upgradeWave, DrainOptions drain) {
        public Options {
            upgradeWave.filter(n -> n < 1).ifPresent(n -> {
                throw new KbootException.InvalidInput("--wave-size: " + n + " is not a wave size (at least 1)");
            });
            if (waveSize < 1) {
                throw new KbootException.InvalidInput("--wave-size: " + waveSize + " is not a wave size (at least 1)");
            }
            if (tokenTtl.compareTo(Duration.ofMinutes(5)) < 0) {
                throw new KbootException.InvalidInput(
                        "--token-ttl: " + tokenTtl.toSeconds() + "s is too short for a join (at least 5m)");
            }
            ignoredChecks = Set.copyOf(ignoredChecks);
        }
    }

    /** Opens the hosts (SSH, in parallel), in the order given; every failure reported together. */
    @FunctionalInterface
    public interface Connector {
        List<Host> connect(List<HostSpec> hosts);
    }

    private final ClusterSpec spec;
    private final Options options;
    private final HostPrepSettings hostPrep;
    private final Connector connector;
    private final Reporter reporter;
    private final InitSettings cluster;

    public ApplyRun(ClusterSpec spec, Options options, HostPrepSettings hostPrep, Connector connector, Reporter reporter) {
        this.spec = spec;
        this.options = options;
        this.hostPrep = hostPrep;
        this.connector = connector;
        this.reporter = reporter;
        this.cluster = spec.initSettings(spec.controlPlanes().get(0), options.ignoredChecks(), false);
    }

    /** Runs it: observe, plan, act; returns the plan it followed. */
    public ApplyPlan run() {
        Map<String, Host> hosts = Relay.once(WORKFLOW, "connect", "Connect to every host over SSH, in parallel", this::connect,
                reporter);
        try {
            Map<String, HostFacts> facts = Relay.once(WORKFLOW, "preflight", "Check every host in parallel; one report",
                    () -> preflight(hosts), reporter);
            Observed observed = Relay.once(WORKFLOW, "observe", "Find the cluster: API server, Nodes, kboot's state",
                    () -> observe(hosts, facts), reporter);
            // Made before planning, so that the admin connection observe opened is closed whatever fails next.
            Relay<Applied> acting = new Relay<>(Applied.from(observed));
            try {
                ApplyPlan plan = plan(observed);
                act(plan, observed, acting);
                return plan;
            } finally {
                acting.value().access().ifPresent(ClusterAccess::close);
            }
        } finally {
            hosts.values().forEach(Host::close);
        }
    }

    // ---- read-only stages ----

    private Map<String, Host> connect() {
        List<Host> opened = connector.connect(spec.hosts());
        Map<String, Host> hosts = new LinkedHashMap<>();
        for (int i = 0; i < opened.size(); i++) {
            HostSpec h = spec.hosts().get(i);
            hosts.put(h.name(), new NamedHost(h.name(), opened.get(i)));
        }
        reporter.info(null, "connected to " + opened.size() + " host(s)");
        return Collections.unmodifiableMap(hosts);
    }

    private Map<String, HostFacts> preflight(Map<String, Host> hosts) {
        List<HostFacts> gathered = Fanout.run(spec.hosts(), HostSpec::name, Fanout.DEFAULT_CONCURRENCY,
                h -> HostFacts.gather(hosts.get(h.name())));
        Map<String, HostFacts> facts = new LinkedHashMap<>();
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (int i = 0; i < gathered.size(); i++) {
            HostSpec h = spec.hosts().get(i);
            facts.put(h.name(), gathered.get(i));
            var checks = h.controlPlane() ? Checks.controlPlane(cluster.node().bindPort(), cluster.cluster().kubernetesVersion())
                    : Checks.worker(cluster.cluster().kubernetesVersion());
            errors.put(h.name(), Preflight.evaluate(h.name(), gathered.get(i), checks, options.ignoredChecks(), reporter));
        }
        errors.put(null, Preflight.evaluateAcross(facts, HostSetChecks.all(), options.ignoredChecks(), reporter));
        Preflight.concludeAll(errors, reporter);
        return Collections.unmodifiableMap(facts);
    }

    private Observed observe(Map<String, Host> hosts, Map<String, HostFacts> facts) {
        ClusterObserver.Result result =
                ClusterObserver.observe(spec.hosts(), hosts, facts, cluster.pki().kubeconfigDir(), reporter);
        Optional<ClusterAccess> access = result.admin()
                .map(admin -> access(hosts.get(result.observation().apiHost().orElseThrow()), admin));
        return new Observed(hosts, facts, result.observation(), access);
    }

    // ---- plan ----

    /** {@link Planner}'s plan, refused when the file and the cluster disagree, else printed (a dry run prints it at the end). */
    private ApplyPlan plan(Observed observed) {
        ApplyPlan plan = Planner.plan(spec.hosts(), observed.observation(), options.waveSize(),
                cluster.cluster().kubernetesVersion(), options.upgradeWave());
        if (!plan.conflicts().isEmpty()) {
            throw new KbootException.InvalidInput("the cluster and " + spec.file() + " disagree; nothing was changed:\n  "
                    + String.join("\n  ", plan.conflicts()));
        }
        if (!options.dryRun()) {
            reporter.result("Plan for cluster " + spec.name() + ":", plan.describe());
        }
        return plan;
    }

    // ---- act ----

    private void act(ApplyPlan plan, Observed observed, Relay<Applied> acting) {
        acting.run(WORKFLOW, actions(plan, observed), reporter);
        if (options.dryRun()) {
            reporter.result("Dry run: the plan for cluster " + spec.name() + " (nothing was changed):",
                    plan.describe(acting.value().prepared()));
        } else if (!plan.converged()) {
            reporter.result("Cluster " + spec.name() + " is applied.", List.of("The admin kubeconfig is "
                    + cluster.pki().kubeconfigDir() + "/admin.conf on " + acting.value().cluster().apiHost().name() + "."));
        }
    }

    /** The stages that act, from the plan: only those with something to do. */
    private List<Phase<Relay<Applied>>> actions(ApplyPlan plan, Observed observed) {
        List<Phase<Relay<Applied>>> phases = new ArrayList<>();
        if (!options.dryRun()) {
            plan.upgrade().ifPresent(u -> phases.add(upgrading(u, observed)));
        }
        if (plan.hosts().stream().anyMatch(p -> p.action() != ApplyPlan.Action.PRESENT)) {
            phases.add(Phase.leaf(HostPrep.PHASE, "Prepare the hosts that join, in parallel",
                    Relay.stage(a -> a.withPrepared(prepare(plan, observed)))));
        }
        if (options.dryRun()) {
            return phases;
        }
        plan.init().ifPresent(p -> phases.add(Phase.leaf("init", "kinit master on the first control plane",
                Relay.stage(a -> init(a, p, plan.certificates() == ApplyPlan.CertificateUpload.WITH_INIT, observed)))));
        if (plan.certificates() == ApplyPlan.CertificateUpload.SEPARATE) {
            phases.add(Phase.leaf("upload-certs", "Upload the control-plane certificates for the joining control planes",
                    Relay.stage(this::uploadCerts)));
        }
        List<ApplyPlan.HostPlan> controlPlanes = plan.controlPlaneJoins();
        if (!controlPlanes.isEmpty()) {
            List<Phase<Relay<Applied>>> joins = new ArrayList<>();
            for (ApplyPlan.HostPlan p : controlPlanes) {
                joins.add(Phase.leaf(String.valueOf(p.position()), "Join " + p.host().name() + " as a control plane",
                        Relay.stage(a -> joinControlPlane(a, p, observed))));
            }
            phases.add(Phase.group("join-control-plane", "Join the further control planes, one at a time", joins));
        }
        if (plan.waves() > 0) {
            List<Phase<Relay<Applied>>> waves = new ArrayList<>();
            for (int n = 1; n <= plan.waves(); n++) {
                int wave = n;
                waves.add(Phase.leaf("wave-" + n, "Join wave " + n + " of the workers",
                        Relay.stage(a -> joinWave(a, plan.wave(wave), "worker wave " + wave + " of " + plan.waves(), observed))));
            }
            phases.add(Phase.group("join-workers", "Join the workers in waves of " + options.waveSize(), waves));
        }
        if (!plan.present().isEmpty()) {
            phases.add(Phase.leaf("check", "Check the hosts that are already nodes; add their missing labels and taints",
                    Relay.stage(a -> check(a, plan.present()))));
        }
        return phases;
    }

    /**
     * The cluster's upgrade: the bundle staged on every node in parallel, then each control plane in
     * the file's order, then the workers wave by wave; kube-system/kboot-cluster records each
     * node's release as it is reached, and the cluster's once every node has it.
     */
    private Phase<Relay<Applied>> upgrading(RollingUpgrade u, Observed observed) {
        ClusterUpgrades upgrades = new ClusterUpgrades(cluster, spec.documents().upgradeTimeouts(), options, hostPrep, reporter,
                observed);
        List<HostSpec> all = new ArrayList<>(u.controlPlanes());
        u.waves().forEach(all::addAll);
        List<Phase<Relay<Applied>>> stages = new ArrayList<>();
        stages.add(Phase.leaf("stage", "Put the new bundle on every node and import its images, in parallel",
                Relay.stage(a -> {
                    upgrades.stage(a.cluster(), all);
                    return a;
                })));
        for (int i = 0; i < u.controlPlanes().size(); i++) {
            HostSpec cp = u.controlPlanes().get(i);
            boolean first = i == 0;
            stages.add(Phase.leaf("control-plane-" + (i + 1), "Upgrade " + cp.name() + (first ? " and the cluster's"
                    + " configuration (kubeadm upgrade apply)" : " (kubeadm upgrade node)"),
                    Relay.stage(a -> upgraded(a, List.of(upgrades.node(a.cluster(), cp, first)), u))));
        }
        for (int w = 0; w < u.waves().size(); w++) {
            List<HostSpec> wave = u.waves().get(w);
            stages.add(Phase.leaf("workers-wave-" + (w + 1), "Drain and upgrade " + wave.size() + " worker(s) in parallel",
                    Relay.stage(a -> upgraded(a, Fanout.run(wave, HostSpec::name, wave.size(),
                            h -> upgrades.node(a.cluster(), h, false)), u))));
        }
        stages.add(Phase.leaf("record", "Record the cluster's new release in " + ClusterState.NAMESPACE + "/" + ClusterState.NAME,
                Relay.stage(a -> a.withState(write(a.cluster(), a.state().orElseThrow()
                        .atVersion(u.to(), options.kbootVersion(), Instant.now()))))));
        return Phase.group("upgrade", "Upgrade the cluster from " + u.from() + " to " + u.to(), stages);
    }

    /** Records these hosts at the upgrade's release. */
    private Applied upgraded(Applied applied, List<String> names, RollingUpgrade u) {
        return applied.withState(write(applied.cluster(), applied.state().orElseThrow()
                .upgraded(names, u.to(), options.kbootVersion(), Instant.now())));
    }

    private ClusterState write(ClusterAccess access, ClusterState state) {
        access.api().createOrUpdate(state.toConfigMap());
        return state;
    }

    /** Host preparation on every host that joins; returns, per host a dry run prepared, what it would change. */
    private Map<String, List<String>> prepare(ApplyPlan plan, Observed observed) {
        List<ApplyPlan.HostPlan> joining = plan.hosts().stream().filter(p -> p.action() != ApplyPlan.Action.PRESENT).toList();
        Workflow<NodePrepContext> prep = new Workflow<>("prepare", List.of(HostPrep.phase(ctx -> ctx)));
        Plan<NodePrepContext> steps = prep.plan(Optional.empty(), Set.of());
        List<Optional<List<String>>> changes = Fanout.run(joining, p -> p.host().name(), Fanout.DEFAULT_CONCURRENCY, p -> {
            String name = p.host().name();
            Host host = options.dryRun() ? new DryRunHost(observed.host(p.host())) : observed.host(p.host());
            HostReporter r = new HostReporter(reporter, name, HostPrep.PHASE);
            Runner.run(steps, PrepContexts.of(host, r, observed.facts().get(name), p.host().role(), cluster, hostPrep), r);
            return host instanceof DryRunHost recorder
                    ? Optional.of(recorder.changes().stream().map(ApplyRun::condensed).toList()) : Optional.empty();
        });
        Map<String, List<String>> prepared = new LinkedHashMap<>();
        for (int i = 0; i < joining.size(); i++) {
            String name = joining.get(i).host().name();
            changes.get(i).ifPresent(c -> prepared.put(name, c));
        }
        if (options.dryRun()) {
            joining.forEach(p -> reporter.plan(p.host().name(), prepared.getOrDefault(p.host().name(), List.of())));
        }
        return prepared;
    }

    private Applied init(Applied applied, ApplyPlan.HostPlan p, boolean uploadCerts, Observed observed) {
        Host host = observed.host(p.host());
        InitSettings settings = spec.initSettings(p.host(), options.ignoredChecks(), uploadCerts);
        Set<String> skip = new HashSet<>(settings.run().skipPhases());
        skip.addAll(DONE_BEFORE);
        skip.add("show-join-command");
        Plan<InitContext> phases = InitWorkflow.build().plan(Optional.empty(), skip);
        HostReporter r = new HostReporter(reporter, p.host().name(), "init");
        InitContext context = new InitContext(settings, host, r, hostPrep, paths(phases));
        Runner.run(phases, context, r);
        Optional<CertificateKey> key = uploadCerts ? Optional.of(context.certificateKey()) : Optional.empty();
        ClusterAccess made = access(host, ApiConnection.open(host, settings.pki().kubeconfigDir() + "/admin.conf",
                ApiRetry.within(settings.run().timeouts().kubernetesAPICall())));
        ClusterState state;
        try {
            mark(p, made);
            state = record(made, applied.state(), List.of(p.host()));
        } catch (RuntimeException e) {
            made.close();
            throw e;
        }
        applied.access().ifPresent(ClusterAccess::close);
        Applied next = applied.withAccess(made).withState(state);
        return key.map(next::withCertificateKey).orElse(next);
    }

    private Applied uploadCerts(Applied applied) {
        ClusterAccess access = applied.cluster();
        HostSpec at = spec.hosts().stream().filter(h -> h.name().equals(access.apiHost().name())).findFirst().orElseThrow();
        InitSettings settings = spec.initSettings(at, options.ignoredChecks(), true);
        Plan<InitContext> phases = InitWorkflow.build().plan(Optional.of("upload-certs"), Set.of());
        HostReporter r = new HostReporter(reporter, at.name(), "upload-certs");
        InitContext context = new InitContext(settings, access.apiHost(), r, hostPrep, paths(phases));
        Runner.run(phases, context, r);
        return applied.withCertificateKey(context.certificateKey());
    }

    private Applied joinControlPlane(Applied applied, ApplyPlan.HostPlan p, Observed observed) {
        ClusterAccess access = applied.cluster();
        ClusterAccess.JoinTicket ticket = access.issue("control plane " + p.host().name(), options.tokenTtl(), reporter);
        try {
            join(p, joinSettings(p, ticket, applied.certificateKey()), "join-control-plane", observed, access);
            return applied.withState(record(access, applied.state(), List.of(p.host())));
        } finally {
            access.revoke(ticket, reporter);
        }
    }

    private Applied joinWave(Applied applied, List<ApplyPlan.HostPlan> workers, String purpose, Observed observed) {
        ClusterAccess access = applied.cluster();
        ClusterAccess.JoinTicket ticket = access.issue(purpose, options.tokenTtl(), reporter);
        List<HostSpec> joined = Collections.synchronizedList(new ArrayList<>());
        Optional<ClusterState> state = applied.state();
        try {
            Fanout.run(workers, p -> p.host().name(), options.waveSize(), p -> {
                join(p, joinSettings(p, ticket, Optional.empty()), "join-workers", observed, access);
                joined.add(p.host());
                return null;
            });
        } finally {
            try {
                if (!joined.isEmpty()) {
                    // In the file's order, whichever finished first.
                    List<HostSpec> inFileOrder = workers.stream().map(ApplyPlan.HostPlan::host).filter(joined::contains).toList();
                    state = Optional.of(record(access, state, inFileOrder));
                }
            } finally {
                access.revoke(ticket, reporter);
            }
        }
        return state.map(applied::withState).orElse(applied);
    }

    private Applied check(Applied applied, List<ApplyPlan.HostPlan> present) {
        ClusterAccess access = applied.cluster();
        for (ApplyPlan.HostPlan p : present) {
            p.problems().forEach(problem -> reporter.warn(p.host().name(),
                    problem + "; apply leaves the node alone: look at it"));
            if (p.problems().isEmpty()) {
                reporter.info(p.host().name(), "Node " + p.nodeName() + " is Ready and its kubelet active");
            }
            mark(p, access);
        }
        // Nodes joined without apply (kjoin by hand, or before an init that is now finished) become members too.
        List<HostSpec> unrecorded = present.stream().map(ApplyPlan.HostPlan::host)
                .filter(h -> applied.state().flatMap(s -> s.member(h.name())).isEmpty()).toList();
        return unrecorded.isEmpty() ? applied : applied.withState(record(access, applied.state(), unrecorded));
    }

    // ---- helpers ----

    private ClusterAccess access(Host apiHost, ApiConnection admin) {
        return new ClusterAccess(apiHost, admin, cluster.pki().kubeconfigDir(), cluster.pki().certificatesDir());
    }

    /** kjoin's settings for one host: the stage's token, endpoint and CA pin, and for a control plane the key. */
    private JoinSettings joinSettings(ApplyPlan.HostPlan p, ClusterAccess.JoinTicket ticket,
            Optional<CertificateKey> certificateKey) {
        boolean controlPlane = p.action() == ApplyPlan.Action.JOIN_CONTROL_PLANE;
        NodeSettings node = new NodeSettings(p.host().nodeName(), cluster.node().criSocket(), p.host().advertiseAddress(),
                cluster.node().bindPort());
        return new JoinSettings(JoinDiscovery.pinned(ticket.endpoint(), ticket.token(), List.of(ticket.caPin())), node,
                controlPlane, controlPlane ? Optional.of(certificateKey.orElseThrow()) : Optional.empty(), Optional.empty(),
                new RunOptions(Set.of(), DONE_BEFORE, cluster.run().patches(), cluster.run().timeouts()));
    }

    /** kjoin's phases after preflight and prepare, then the file's labels and taints. */
    private void join(ApplyPlan.HostPlan p, JoinSettings settings, String stage, Observed observed, ClusterAccess access) {
        Plan<JoinContext> phases = JoinWorkflow.build().plan(Optional.empty(), settings.run().skipPhases());
        HostReporter r = new HostReporter(reporter, p.host().name(), stage);
        Runner.run(phases, new JoinContext(settings, observed.host(p.host()), r, hostPrep), r);
        mark(p, access);
    }

    /** Adds the file's labels and taints the Node lacks (see {@link NodeMarks}), once the Node is registered. */
    private void mark(ApplyPlan.HostPlan p, ClusterAccess access) {
        if (p.host().labels().isEmpty() && p.host().taints().isEmpty()) {
            return;
        }
        KubeApi api = access.api();
        ObjectNode node = ControlPlaneMark.awaitNode(api, p.nodeName(), cluster.run().timeouts().tlsBootstrap());
        Optional<ObjectNode> patch = NodeMarks.patch(node, p.host().labels(), p.host().taints());
        if (patch.isPresent()) {
            api.mergePatch(Resource.of("v1", "Node"), null, p.nodeName(), patch.get());
            Observation.NodeStatus before = Observation.NodeStatus.of(node);
            List<String> added = new ArrayList<>(NodeMarks.describe(NodeMarks.missingLabels(before.labels(), p.host().labels())));
            NodeMarks.missingTaints(before.taints(), p.host().taints()).forEach(t -> added.add("taint " + NodeMarks.describe(t)));
            reporter.info(p.host().name(), "Node " + p.nodeName() + ": added " + String.join(", ", added));
        }
    }

    /** Writes the state ConfigMap with these hosts added; returns what it wrote. */
    private ClusterState record(ClusterAccess access, Optional<ClusterState> state, List<HostSpec> joined) {
        ClusterState recorded = state.orElseGet(() -> ClusterState.empty(spec.name()))
                .with(joined, cluster.cluster().kubernetesVersion().toString(), options.kbootVersion(), Instant.now());
        access.api().createOrUpdate(recorded.toConfigMap());
        reporter.detail(null, "recorded " + joined.stream().map(HostSpec::name).collect(Collectors.joining(", ")) + " in "
                + ClusterState.NAMESPACE + "/" + ClusterState.NAME);
        return recorded;
    }

    private static Set<String> paths(Plan<?> plan) {
        return plan.toRun().stream().map(Plan.Step::path).collect(Collectors.toSet());
    }

    /** One line per change: a script by its first line ("# kboot prepare/containerd: apply"), a file with its mode and size. */
    static String condensed(DryRunHost.Change change) {
        if (change instanceof DryRunHost.Change.Run run) {
            return "run: " + run.script().strip().lines().findFirst().orElse("");
        }
        return change.describe();
    }
}
