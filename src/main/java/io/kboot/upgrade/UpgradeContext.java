package io.kboot.upgrade;

import io.kboot.api.KubeApi;
import io.kboot.certs.CertificateManager;
import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.OnTarget;
import io.kboot.facts.RunTarget;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.hostprep.PrepInputs;
import io.kboot.node.ControlPlaneNode;
import io.kboot.pki.PkiListener;
import io.kboot.workflow.Lazy;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every phase of an upgrade works with: the node (host, reporter, facts), how the upgrade
 * goes, the cluster's API as an admin (a control plane's admin.conf, or apply's connection), and,
 * read on first use, the node as it is ({@link LocalNode}) and the cluster's configuration at the
 * target release ({@link ClusterConfig}).
 */
public final class UpgradeContext implements OnTarget {
    private final RunTarget target;
    private final UpgradeSettings settings;
    private final HostPrepSettings hostPrep;
    private final boolean firstControlPlane;
    private final Lazy<KubeApi> api;
    private final Lazy<LocalNode> node;
    private final Lazy<InitSettings> cluster;
    private boolean kubeletConfigChanged;

    /**
     * @param firstControlPlane {@code upgrade apply}: this node's upgrade also upgrades the cluster's
     *     configuration; {@code upgrade node} otherwise
     * @param api the admin API for this context, opened on first use by whoever made the context (and closed by it)
     */
    public UpgradeContext(RunTarget target, UpgradeSettings settings, HostPrepSettings hostPrep, boolean firstControlPlane,
            Function<UpgradeContext, KubeApi> api) {
        this.target = target;
        this.settings = settings;
        this.hostPrep = hostPrep;
        this.firstControlPlane = firstControlPlane;
        this.api = new Lazy<>(() -> api.apply(this));
        this.node = new Lazy<>(() -> LocalNode.read(target));
        this.cluster = new Lazy<>(() -> ClusterConfig.read(api(), node(), settings));
    }

    @Override
    public RunTarget target() {
        return target;
    }

    public UpgradeSettings settings() {
        return settings;
    }

    public KubernetesVersion targetVersion() {
        return settings.target();
    }

    /** True for {@code upgrade apply}: the first control plane, which also upgrades the cluster's configuration. */
    public boolean firstControlPlane() {
        return firstControlPlane;
    }

    public HostPrepSettings hostPrep() {
        return hostPrep;
    }

    public KubeApi api() {
        return api.get();
    }

    public LocalNode node() {
        return node.get();
    }

    /** The cluster's ClusterConfiguration at the target release, with this node's name, address and CRI socket. */
    public InitSettings cluster() {
        return cluster.get();
    }

    /** This node as a control plane of the upgraded cluster. */
    public ControlPlaneNode controlPlaneNode() {
        LocalNode n = node();
        return new ControlPlaneNode(cluster(), n.nodeName(), n.advertiseAddress().orElseThrow());
    }

    /** Whether the kubelet-config phase changed the node's kubelet configuration: the kubelet then restarts. */
    public synchronized boolean kubeletConfigChanged() {
        return kubeletConfigChanged;
    }

    synchronized void kubeletConfigChanged(boolean changed) {
        kubeletConfigChanged = changed;
    }

    /** Certificate renewal in the cluster's directories, with its certificate validity. */
    public CertificateManager certificates() {
        InitSettings c = cluster();
        return new CertificateManager(host(), c.pki().certificatesDir(), c.pki().kubeconfigDir(), c.pki().certificateValidity(),
                Clock.systemUTC(), PkiListener.of(this::info, this::warn));
    }

    /** Host preparation at the target release, for the steps an upgrade reruns (bundle, images, containerd, kubelet). */
    public NodePrepContext prep() {
        InitSettings c = cluster();
        return new NodePrepContext(target, new PrepInputs(node().controlPlane() ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
                settings.target(), c.cluster().imageRepository(), c.node().bindPort(), settings.run().ignorePreflightErrors(),
                hostPrep));
    }
}
