package io.kboot.cli;

import io.kboot.bundle.BundleSource;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.RunTarget;
import io.kboot.upgrade.AdminAccess;
import io.kboot.upgrade.UpgradeContext;
import io.kboot.upgrade.UpgradeSettings;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Workflow;
import java.util.Optional;

/** One node's upgrade from the command line: {@code kboot upgrade apply} and {@code kboot upgrade node}. */
final class UpgradeRun {
    private UpgradeRun() {}

    static int run(Workflow<UpgradeContext> workflow, UpgradeOptions options, boolean firstControlPlane,
            Optional<KubernetesVersion> version, Optional<String> only) {
        // Everything is read and checked before a host is touched: the flags, the bundle, the kubeconfig.
        BundleSource bundle = options.bundle();
        UpgradeSettings settings = options.settings(bundle, version);
        Plan<UpgradeContext> plan = workflow.plan(only, settings.run().skipPhases());
        try (AdminAccess admin = options.adminAccess()) {
            return WorkflowExecution.run(plan, options.target, options.dryRun, options.output.reporter(),
                    (host, reporter) -> new UpgradeContext(RunTarget.of(host, reporter), settings, options.hostPrep(bundle),
                            firstControlPlane, admin::open));
        }
    }
}
