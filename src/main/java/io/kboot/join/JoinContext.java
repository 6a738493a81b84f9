package io.kboot.join;

import io.kboot.config.Defaults;
import io.kboot.config.JoinSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.facts.LazyFacts;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.report.Reporter;
import java.util.Set;

/** What every phase of {@code kjoin} works with. Facts about the node are gathered once. */
public final class JoinContext implements NodePrepContext {
    private final JoinSettings settings;
    private final Host host;
    private final Reporter reporter;
    private final HostPrepSettings hostPrep;
    private final LazyFacts facts;
    private Discovery.ClusterInfo clusterInfo;

    public JoinContext(JoinSettings settings, Host host, Reporter reporter) {
        this(settings, host, reporter, HostPrepSettings.defaults());
    }

    public JoinContext(JoinSettings settings, Host host, Reporter reporter, HostPrepSettings hostPrep) {
        this.settings = settings;
        this.host = host;
        this.facts = new LazyFacts(host);
        this.reporter = reporter;
        this.hostPrep = hostPrep;
    }

    public JoinSettings settings() {
        return settings;
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public Reporter reporter() {
        return reporter;
    }

    @Override
    public HostFacts facts() {
        return facts.get();
    }

    /** The cluster found by token discovery; discovered on first use. */
    public synchronized Discovery.ClusterInfo clusterInfo() {
        if (clusterInfo == null) {
            clusterInfo = JoinPhases.discover(this);
        }
        return clusterInfo;
    }

    public String nodeName() {
        return facts.nodeName(settings.nodeName());
    }

    @Override
    public NodeRole role() {
        return settings.controlPlane() ? NodeRole.CONTROL_PLANE : NodeRole.WORKER;
    }

    /**
     * The release host preparation plans for. The cluster's own version is known only after
     * discovery; until discovery provides it, kboot's default release.
     */
    @Override
    public KubernetesVersion kubernetesVersion() {
        return Defaults.KUBERNETES_VERSION;
    }

    @Override
    public String imageRepository() {
        return Defaults.IMAGE_REPOSITORY;
    }

    @Override
    public int apiServerPort() {
        return settings.bindPort();
    }

    @Override
    public Set<String> ignorePreflightErrors() {
        return settings.ignorePreflightErrors();
    }

    @Override
    public HostPrepSettings hostPrep() {
        return hostPrep;
    }
}
