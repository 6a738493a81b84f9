package io.kboot.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.Defaults;
import io.kboot.config.Endpoint;
import io.kboot.config.InitBootstrap;
import io.kboot.config.InitSettings;
import io.kboot.config.JoinDiscovery;
import io.kboot.config.JoinSettings;
import io.kboot.config.NodeSettings;
import io.kboot.config.RunOptions;
import io.kboot.facts.HostFacts;
import io.kboot.host.DryRunHost;
import io.kboot.host.Fanout;
import io.kboot.host.Host;
import io.kboot.host.NamedHost;
import io.kboot.hostprep.HostPrep;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.init.InitContext;
import io.kboot.init.InitWorkflow;
import io.kboot.join.JoinContext;
import io.kboot.join.JoinWorkflow;
import io.kboot.kubeconfig.Kubeconfig;
import io.kboot.node.ControlPlaneMark;
import io.kboot.pki.CaPin;
import io.kboot.preflight.Checks;
import io.kboot.preflight.HostSetChecks;
import io.kboot.preflight.Preflight;
import io.kboot.report.Reporter;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.CertificateKey;
import io.kboot.token.Tokens;
import io.kboot.workflow.Phase;
import io.kboot.workflow.PhaseFailedException;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Runner;
import io.kboot.workflow.Workflow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * <p>A dry run stops after {@code prepare}, which it runs through {@link DryRunHost}s: what host
 * preparation would change is listed per host next to the plan. kinit and kjoin are not dry-run
 * here: a join needs a real token, and {@code kinit master --dry-run} shows init in detail.
 */
public final class ApplyRun {
    /** How the cluster's tokens are described, so {@code kboot token list} tells them apart. */
    static final String TOKEN_DESCRIPTION = "kboot apply: ";
    private static final Set<String> DONE_BEFORE = Set.of("preflight", HostPrep.PHASE);
    private static final Pattern STEP = Pattern.compile("^# kboot prepare/([a-z0-9-]+)");

    /**
     * @param waveSize workers joined at once
     * @param tokenTtl how long each wave's token is valid; it is deleted when the wave is done
     * @param ignoredChecks preflight checks whose errors are warnings (or "all")
     */
    public record Options(boolean dryRun, int waveSize, Duration tokenTtl, Set<String> ignoredChecks, String kbootVersion) {
        public Options {
            if (waveSize < 1) {
                throw new KbootException.InvalidInput("--wave-size: " + waveSize + " is not a wave size (at least 1)");
            }
            if (tokenTtl.compareTo(Duration.ofMinutes(5)) < 0) {
                throw new KbootException.InvalidInput("--token-ttl: " + tokenTtl.toSeconds() + "s is too short for a join (at least 5m)");
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

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, HostFacts> facts = new LinkedHashMap<>();
    private final Map<String, List<String>> prepareChanges = Collections.synchronizedMap(new LinkedHashMap<>());
    private Observation observation;
    private Optional<ApiConnection> admin = Optional.empty();
    private Host apiHost;
    private ApplyPlan plan;
    private ClusterState state;
    private CertificateKey certificateKey;
    private Endpoint joinEndpoint;
    private CaCertHash caPin;

    public ApplyRun(ClusterSpec spec, Options options, HostPrepSettings hostPrep, Connector connector, Reporter reporter) {
        this.spec = spec;
        this.options = options;
        this.hostPrep = hostPrep;
        this.connector = connector;
        this.reporter = reporter;
        this.cluster = spec.initSettings(spec.controlPlanes().get(0), options.ignoredChecks(), false);
    }

    /** Runs it; returns the plan it followed. */
    public ApplyPlan run() {
        try {
            Workflow<ApplyRun> look = new Workflow<>("kboot apply", List.of(
                    Phase.leaf("connect", "Connect to every host over SSH, in parallel", ApplyRun::connect),
                    Phase.leaf("preflight", "Check every host in parallel; one report", ApplyRun::preflight),
                    Phase.leaf("observe", "Find the cluster: API server, Nodes, kboot's state", ApplyRun::observe)));
            Runner.run(look.plan(Optional.empty(), Set.of()), this, reporter);
            plan = Planner.plan(spec.hosts(), observation, options.waveSize());
            if (!plan.conflicts().isEmpty()) {
                throw new KbootException.InvalidInput("the cluster and " + spec.file() + " disagree; nothing was changed:\n  "
                        + String.join("\n  ", plan.conflicts()));
            }
            if (!options.dryRun()) {
                reporter.result("Plan for cluster " + spec.name() + ":", plan.describe());
            }
            Runner.run(new Workflow<>("kboot apply", actions()).plan(Optional.empty(), Set.of()), this, reporter);
            if (options.dryRun()) {
                reporter.result("Dry run: the plan for cluster " + spec.name() + " (nothing was changed):", dryRunLines());
            } else if (!plan.converged()) {
                reporter.result("Cluster " + spec.name() + " is applied.", List.of("The admin kubeconfig is "
                        + cluster.pki().kubeconfigDir() + "/admin.conf on " + apiHost.name() + "."));
            }
            return plan;
        } finally {
            admin.ifPresent(ApiConnection::close);
            hosts.values().forEach(Host::close);
        }
    }

    /** The stages that act, from the plan: only those with something to do. */
    private List<Phase<ApplyRun>> actions() {
        List<Phase<ApplyRun>> phases = new ArrayList<>();
        if (plan.hosts().stream().anyMatch(p -> p.action() != ApplyPlan.Action.PRESENT)) {
            phases.add(Phase.leaf(HostPrep.PHASE, "Prepare the hosts that join, in parallel", ApplyRun::prepare));
        }
        if (options.dryRun()) {
            return phases;
        }
        if (plan.init().isPresent()) {
            phases.add(Phase.leaf("init", "kinit master on the first control plane", ApplyRun::init));
        }
        if (plan.certificates() == ApplyPlan.CertificateUpload.SEPARATE) {
            phases.add(Phase.leaf("upload-certs", "Upload the control-plane certificates for the joining control planes",
                    ApplyRun::uploadCerts));
        }
        List<ApplyPlan.HostPlan> controlPlanes = plan.controlPlaneJoins();
        if (!controlPlanes.isEmpty()) {
            List<Phase<ApplyRun>> joins = new ArrayList<>();
            for (ApplyPlan.HostPlan p : controlPlanes) {
                joins.add(Phase.leaf(String.valueOf(p.position()), "Join " + p.host().name() + " as a control plane",
                        run -> run.joinControlPlane(p)));
            }
            phases.add(Phase.group("join-control-plane", "Join the further control planes, one at a time", joins));
        }
        if (plan.waves() > 0) {
            List<Phase<ApplyRun>> waves = new ArrayList<>();
            for (int n = 1; n <= plan.waves(); n++) {
                int wave = n;
                waves.add(Phase.leaf("wave-" + n, "Join wave " + n + " of the workers", run -> run.joinWave(wave)));
            }
            phases.add(Phase.group("join-workers", "Join the workers in waves of " + options.waveSize(), waves));
        }
        if (!plan.present().isEmpty()) {
            phases.add(Phase.leaf("check", "Check the hosts that are already nodes; add their missing labels and taints",
                    ApplyRun::check));
        }
        return phases;
    }

    // ---- read-only stages ----

    void connect() {
        List<Host> opened = connector.connect(spec.hosts());
        for (int i = 0; i < opened.size(); i++) {
            HostSpec h = spec.hosts().get(i);
            hosts.put(h.name(), new NamedHost(h.name(), opened.get(i)));
        }
        reporter.info(null, "connected to " + opened.size() + " host(s)");
    }

    void preflight() {
        List<HostFacts> gathered = Fanout.run(spec.hosts(), HostSpec::name, Fanout.DEFAULT_CONCURRENCY,
                h -> HostFacts.gather(hosts.get(h.name())));
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
    }

    void observe() {
        ClusterObserver.Result result = ClusterObserver.observe(spec.hosts(), hosts, facts, cluster.pki().kubeconfigDir(),
                reporter);
        observation = result.observation();
        admin = result.admin();
        observation.apiHost().ifPresent(name -> apiHost = hosts.get(name));
        state = observation.state().orElse(null);
    }

    // ---- stages that act ----

    void prepare() {
        List<ApplyPlan.HostPlan> joining = plan.hosts().stream().filter(p -> p.action() != ApplyPlan.Action.PRESENT).toList();
        Workflow<PrepContext> prep = new Workflow<>("prepare", List.of(HostPrep.phase()));
        Plan<PrepContext> steps = prep.plan(Optional.empty(), Set.of());
        Fanout.run(joining, p -> p.host().name(), Fanout.DEFAULT_CONCURRENCY, p -> {
            String name = p.host().name();
            Host host = options.dryRun() ? new DryRunHost(hosts.get(name)) : hosts.get(name);
            HostReporter r = new HostReporter(reporter, name, HostPrep.PHASE);
            hostWorkflow(() -> Runner.run(steps, new PrepContext(host, r, facts.get(name), p.host().role(), cluster, hostPrep), r));
            if (host instanceof DryRunHost recorder) {
                prepareChanges.put(name, recorder.changes().stream().map(ApplyRun::condensed).toList());
            }
            return null;
        });
        if (options.dryRun()) {
            joining.forEach(p -> reporter.plan(p.host().name(), prepareChanges.getOrDefault(p.host().name(), List.of())));
        }
    }

    void init() {
        ApplyPlan.HostPlan p = plan.init().orElseThrow();
        String name = p.host().name();
        Host host = hosts.get(name);
        boolean upload = plan.certificates() == ApplyPlan.CertificateUpload.WITH_INIT;
        InitSettings settings = spec.initSettings(p.host(), options.ignoredChecks(), upload);
        Set<String> skip = new HashSet<>(settings.run().skipPhases());
        skip.addAll(DONE_BEFORE);
        skip.add("show-join-command");
        Plan<InitContext> phases = InitWorkflow.build().plan(Optional.empty(), skip);
        HostReporter r = new HostReporter(reporter, name, "init");
        InitContext context = new InitContext(settings, host, r, hostPrep, paths(phases));
        hostWorkflow(() -> Runner.run(phases, context, r));
        if (upload) {
            certificateKey = context.certificateKey();
        }
        admin.ifPresent(ApiConnection::close);
        admin = Optional.of(ApiConnection.open(host, settings.pki().kubeconfigDir() + "/admin.conf",
                ApiRetry.within(settings.run().timeouts().kubernetesAPICall())));
        apiHost = host;
        mark(p);
        record(List.of(p.host()));
    }

    void uploadCerts() {
        HostSpec at = spec.hosts().stream().filter(h -> hosts.get(h.name()) == apiHost).findFirst().orElseThrow();
        InitSettings settings = spec.initSettings(at, options.ignoredChecks(), true);
        Plan<InitContext> phases = InitWorkflow.build().plan(Optional.of("upload-certs"), Set.of());
        HostReporter r = new HostReporter(reporter, at.name(), "upload-certs");
        InitContext context = new InitContext(settings, apiHost, r, hostPrep, paths(phases));
        hostWorkflow(() -> Runner.run(phases, context, r));
        certificateKey = context.certificateKey();
    }

    void joinControlPlane(ApplyPlan.HostPlan p) {
        String name = p.host().name();
        BootstrapToken token = createToken("control plane " + name);
        try {
            join(p, token, "join-control-plane");
            record(List.of(p.host()));
        } finally {
            deleteToken(token);
        }
    }

    void joinWave(int wave) {
        List<ApplyPlan.HostPlan> workers = plan.wave(wave);
        BootstrapToken token = createToken("worker wave " + wave + " of " + plan.waves());
        List<HostSpec> joined = Collections.synchronizedList(new ArrayList<>());
        try {
            Fanout.run(workers, p -> p.host().name(), options.waveSize(), p -> {
                join(p, token, "join-workers");
                joined.add(p.host());
                return null;
            });
        } finally {
            try {
                if (!joined.isEmpty()) {
                    // In the file's order, whichever finished first.
                    record(workers.stream().map(ApplyPlan.HostPlan::host).filter(joined::contains).toList());
                }
            } finally {
                deleteToken(token);
            }
        }
    }

    void check() {
        for (ApplyPlan.HostPlan p : plan.present()) {
            p.problems().forEach(problem -> reporter.warn(p.host().name(), problem + "; apply leaves the node alone: look at it"));
            if (p.problems().isEmpty()) {
                reporter.info(p.host().name(), "Node " + p.nodeName() + " is Ready and its kubelet active");
            }
            mark(p);
        }
        // Nodes joined without apply (kjoin by hand, or before an init that is now finished) become members too.
        List<HostSpec> unrecorded = plan.present().stream().map(ApplyPlan.HostPlan::host)
                .filter(h -> state == null || state.member(h.name()).isEmpty()).toList();
        if (!unrecorded.isEmpty()) {
            record(unrecorded);
        }
    }

    // ---- helpers ----

    /** kjoin's phases after preflight and prepare, with this run's token, the CA pin and, for control planes, the key. */
    private void join(ApplyPlan.HostPlan p, BootstrapToken token, String stage) {
        boolean controlPlane = p.action() == ApplyPlan.Action.JOIN_CONTROL_PLANE;
        NodeSettings node = new NodeSettings(p.host().nodeName(), cluster.node().criSocket(), p.host().advertiseAddress(),
                cluster.node().bindPort());
        JoinSettings settings = new JoinSettings(JoinDiscovery.pinned(endpoint(), token, List.of(caPin())), node,
                controlPlane, controlPlane ? Optional.of(certificateKey) : Optional.empty(),
                new RunOptions(Set.of(), DONE_BEFORE, cluster.run().patches(), cluster.run().timeouts()));
        Plan<JoinContext> phases = JoinWorkflow.build().plan(Optional.empty(), settings.run().skipPhases());
        HostReporter r = new HostReporter(reporter, p.host().name(), stage);
        hostWorkflow(() -> Runner.run(phases, new JoinContext(settings, hosts.get(p.host().name()), r, hostPrep), r));
        mark(p);
    }

    /** Adds the file's labels and taints the Node lacks (see {@link NodeMarks}), once the Node is registered. */
    private void mark(ApplyPlan.HostPlan p) {
        if (p.host().labels().isEmpty() && p.host().taints().isEmpty()) {
            return;
        }
        KubeApi api = admin.orElseThrow().api();
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

    private BootstrapToken createToken(String purpose) {
        BootstrapToken token = new Tokens(admin.orElseThrow().api()).create(Optional.empty(), options.tokenTtl(),
                Optional.of(TOKEN_DESCRIPTION + purpose), InitBootstrap.DEFAULT_USAGES, InitBootstrap.DEFAULT_GROUPS);
        reporter.info(null, "created bootstrap token " + token + " for the " + purpose + " (valid "
                + options.tokenTtl().toMinutes() + " min, deleted when done)");
        return token;
    }

    private void deleteToken(BootstrapToken token) {
        try {
            new Tokens(admin.orElseThrow().api()).delete(token.id());
        } catch (RuntimeException e) {
            reporter.warn(null, "could not delete bootstrap token " + token + " (it expires on its own): " + e.getMessage());
        }
    }

    /** Where joining nodes find the API server: the server of admin.conf, as kinit prints it in its join command. */
    private synchronized Endpoint endpoint() {
        if (joinEndpoint == null) {
            String path = cluster.pki().kubeconfigDir() + "/admin.conf";
            Kubeconfig config = Kubeconfig.parse(apiHost.read(path).orElseThrow(() -> new KbootException.StepFailed(
                    apiHost.name() + ": " + path + " does not exist")));
            URI server = URI.create(config.server().orElseThrow(() -> new KbootException.StepFailed(
                    apiHost.name() + ": " + path + " has no server")));
            joinEndpoint = Endpoint.parse(server.getRawAuthority());
        }
        return joinEndpoint;
    }

    /** The pin of the cluster CA, from the control plane's own ca.crt. */
    private synchronized CaCertHash caPin() {
        if (caPin == null) {
            String path = cluster.pki().certificatesDir() + "/ca.crt";
            caPin = CaPin.of(new String(apiHost.read(path).orElseThrow(() -> new KbootException.StepFailed(
                    apiHost.name() + ": " + path + " does not exist")), StandardCharsets.UTF_8));
        }
        return caPin;
    }

    /** Writes the state ConfigMap with these hosts added. */
    private synchronized void record(List<HostSpec> joined) {
        ClusterState base = state != null ? state : ClusterState.empty(spec.name());
        state = base.with(joined, cluster.cluster().kubernetesVersion().toString(), options.kbootVersion(), Instant.now());
        admin.orElseThrow().api().createOrUpdate(state.toConfigMap());
        reporter.detail(null, "recorded " + joined.stream().map(HostSpec::name).collect(Collectors.joining(", ")) + " in "
                + ClusterState.NAMESPACE + "/" + ClusterState.NAME);
    }

    private static Set<String> paths(Plan<?> plan) {
        return plan.toRun().stream().map(Plan.Step::path).collect(Collectors.toSet());
    }

    /**
     * Runs one host's workflow; a failed phase keeps its kind (and so the exit code) and names the
     * phase, and the stage around it names the host.
     */
    static void hostWorkflow(Runnable body) {
        try {
            body.run();
        } catch (PhaseFailedException e) {
            Throwable cause = e.getCause();
            String message = "phase " + e.path() + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
            if (cause instanceof KbootException.InvalidInput) {
                throw new KbootException.InvalidInput(message, cause);
            }
            if (cause instanceof KbootException.Interrupted) {
                throw new KbootException.Interrupted(message, cause);
            }
            if (cause instanceof KbootException.PreflightFailed) {
                throw new KbootException.PreflightFailed(message);
            }
            throw new KbootException.StepFailed(message, cause);
        }
    }

    /** One line per change: a script by its first line ("# kboot prepare/containerd: apply"), a file with its mode and size. */
    static String condensed(DryRunHost.Change change) {
        if (change instanceof DryRunHost.Change.Run run) {
            return "run: " + run.script().strip().lines().findFirst().orElse("");
        }
        return change.describe();
    }

    /** The plan, with what host preparation would change on each host that joins. */
    private List<String> dryRunLines() {
        List<String> lines = new ArrayList<>();
        for (ApplyPlan.HostPlan p : plan.hosts()) {
            lines.add(p.describe());
            List<String> changes = prepareChanges.get(p.host().name());
            if (changes == null) {
                continue;
            }
            List<String> steps = changes.stream().map(c -> STEP.matcher(c.replaceFirst("^run: ", ""))).filter(Matcher::find)
                    .map(m -> m.group(1)).distinct().toList();
            lines.add("  prepare: " + (changes.isEmpty() ? "nothing to change" : "would change " + String.join(", ", steps)
                    + " (" + changes.size() + " change(s), listed above)"));
        }
        List<String> rest = plan.describe();
        lines.addAll(rest.subList(plan.hosts().size(), rest.size()));
        return lines;
    }
}
