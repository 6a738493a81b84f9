package io.kboot.apply;

import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.report.Reporter;
import java.util.Set;

/**
 * What the {@code prepare} phases need for one host of an apply: its role from the file, the
 * cluster's release and image repository (workers too: unlike a lone kjoin, apply knows the
 * cluster's version before discovery), and the facts preflight gathered.
 */
record PrepContext(Host host, Reporter reporter, HostFacts facts, NodeRole role, InitSettings cluster, HostPrepSettings hostPrep)
        implements NodePrepContext {

    @Override
    public KubernetesVersion kubernetesVersion() {
        return cluster.cluster().kubernetesVersion();
    }

    @Override
    public String imageRepository() {
        return cluster.cluster().imageRepository();
    }

    @Override
    public int apiServerPort() {
        return cluster.node().bindPort();
    }

    @Override
    public Set<String> ignorePreflightErrors() {
        return cluster.run().ignorePreflightErrors();
    }
}
