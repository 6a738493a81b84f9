package io.kboot.apply;

import io.kboot.config.InitSettings;
import io.kboot.config.RunOptions;
import io.kboot.config.Timeouts;
import io.kboot.facts.LazyFacts;
import io.kboot.facts.RunTarget;
import io.kboot.host.Fanout;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.report.Reporter;
import io.kboot.upgrade.UpgradeContext;
import io.kboot.upgrade.UpgradeSettings;
import io.kboot.upgrade.UpgradeWorkflow;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Runner;
import io.kboot.workflow.Workflow;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node's upgrade inside {@code kboot apply}: {@code kboot upgrade apply}'s phases on the first
 * control plane, {@code upgrade node}'s on every other node, through apply's admin connection,
 * with the cluster file's patches and its UpgradeConfiguration's timeouts. The bundle is staged on all of them first, in
 * parallel, so the node workflows skip their prepare.
 */
final class ClusterUpgrades {
    private static final String STAGE = "upgrade";
    private static final String PREPARE = "prepare";

    private final InitSettings cluster;
    private final Timeouts timeouts;
    private final ApplyRun.Options options;
    private final HostPrepSettings hostPrep;
    private final Reporter reporter;
    private final Observed observed;

    /** @param timeouts the file's UpgradeConfiguration's, as kubeadm's upgrade reads them (not its InitConfiguration's) */
    ClusterUpgrades(InitSettings cluster, Timeouts timeouts, ApplyRun.Options options, HostPrepSettings hostPrep,
            Reporter reporter, Observed observed) {
        this.cluster = cluster;
        this.timeouts = timeouts;
        this.options = options;
        this.hostPrep = hostPrep;
        this.reporter = reporter;
        this.observed = observed;
    }

    /** The bundle and the images on every host, in parallel, before anything restarts. */
    void stage(ClusterAccess access, List<HostSpec> hosts) {
        Plan<UpgradeContext> prepare = UpgradeWorkflow.node().plan(Optional.of(PREPARE), Set.of());
        Fanout.run(hosts, HostSpec::name, Fanout.DEFAULT_CONCURRENCY, h -> {
            HostReporter r = new HostReporter(reporter, h.name(), STAGE);
            Runner.run(prepare, context(access, h, false, r), r);
            return null;
        });
    }

    /** @return the host's name, once it runs the target release */
    String node(ClusterAccess access, HostSpec host, boolean firstControlPlane) {
        Workflow<UpgradeContext> workflow = firstControlPlane ? UpgradeWorkflow.apply() : UpgradeWorkflow.node();
        Plan<UpgradeContext> phases = workflow.plan(Optional.empty(), Set.of(PREPARE));
        HostReporter r = new HostReporter(reporter, host.name(), STAGE);
        Runner.run(phases, context(access, host, firstControlPlane, r), r);
        return host.name();
    }

    private UpgradeContext context(ClusterAccess access, HostSpec spec, boolean firstControlPlane, Reporter r) {
        Host host = observed.host(spec);
        RunOptions run = new RunOptions(options.ignoredChecks(), Set.of(), cluster.run().patches(), timeouts);
        UpgradeSettings settings = new UpgradeSettings(cluster.cluster().kubernetesVersion(), run, true, true, false,
                options.drain());
        return new UpgradeContext(new RunTarget(host, r, LazyFacts.gathered(host, observed.facts().get(spec.name()))), settings,
                hostPrep, firstControlPlane, ctx -> access.api());
    }
}
