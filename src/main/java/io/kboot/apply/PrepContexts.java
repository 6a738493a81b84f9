package io.kboot.apply;

import io.kboot.config.InitSettings;
import io.kboot.facts.HostFacts;
import io.kboot.facts.LazyFacts;
import io.kboot.facts.RunTarget;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.hostprep.PrepInputs;
import io.kboot.report.Reporter;

/**
 * What the {@code prepare} phases get for one host of an apply: its role from the file, the
 * cluster's release and image repository (workers too: unlike a lone kjoin, apply knows the
 * cluster's version before discovery), and the facts preflight gathered.
 */
final class PrepContexts {
    private PrepContexts() {}

    static NodePrepContext of(Host host, Reporter reporter, HostFacts facts, NodeRole role, InitSettings cluster,
            HostPrepSettings hostPrep) {
        return new NodePrepContext(new RunTarget(host, reporter, LazyFacts.gathered(host, facts)), new PrepInputs(role,
                cluster.cluster().kubernetesVersion(), cluster.cluster().imageRepository(), cluster.node().bindPort(),
                cluster.run().ignorePreflightErrors(), hostPrep));
    }
}
