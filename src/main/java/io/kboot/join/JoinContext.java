package io.kboot.join;

import io.kboot.KbootException;
import io.kboot.config.Defaults;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.JoinSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.facts.LazyFacts;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.kubeconfig.KubeconfigSettings;
import io.kboot.kubeconfig.Kubeconfigs;
import io.kboot.node.ControlPlaneNode;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.report.Reporter;
import io.kboot.token.CertificateKey;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** What every phase of {@code kjoin} works with. Facts about the node are gathered once. */
public final class JoinContext implements NodePrepContext {
    private final JoinSettings settings;
    private final Host host;
    private final Reporter reporter;
    private final HostPrepSettings hostPrep;
    private final LazyFacts facts;
    private Discovery.ClusterInfo clusterInfo;
    private InitSettings cluster;
    private UnaryOperator<InitSettings> clusterOverrides = UnaryOperator.identity();
    private String manifestsDir = Defaults.MANIFESTS_DIR;
    private Pki pki;
    private Kubeconfigs kubeconfigs;

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

    /**
     * With --control-plane: the cluster's ClusterConfiguration (kube-system/kubeadm-config) as
     * settings for this node; read with the bootstrap token on first use.
     */
    public synchronized InitSettings clusterSettings() {
        if (cluster == null) {
            cluster = clusterOverrides.apply(ControlPlanePrepare.readClusterSettings(this));
        }
        return cluster;
    }

    /**
     * For tests that run a second control plane on the same host: this node's directories and
     * listen addresses moved (applied to the cluster's settings) and its static Pod manifests elsewhere.
     */
    synchronized void overrideCluster(UnaryOperator<InitSettings> overrides, String manifestsDir) {
        this.clusterOverrides = overrides;
        this.manifestsDir = manifestsDir;
        this.cluster = null;
    }

    /** Where the kubelet reads static Pod manifests: /etc/kubernetes/manifests. */
    public synchronized String manifestsDir() {
        return manifestsDir;
    }

    /** This node as a control plane of the cluster. */
    public ControlPlaneNode controlPlaneNode() {
        return new ControlPlaneNode(clusterSettings(), nodeName(), advertiseAddress());
    }

    /** The control-plane certificates of this node, made with the cluster's CAs. */
    public synchronized Pki pki() {
        if (pki == null) {
            pki = new Pki(host, clusterSettings().pki().certificatesDir(), controlPlaneNode().pkiSettings(), listener());
        }
        return pki;
    }

    public synchronized Kubeconfigs kubeconfigs() {
        if (kubeconfigs == null) {
            kubeconfigs = new Kubeconfigs(host, clusterSettings().pki().kubeconfigDir(), pki(),
                    KubeconfigSettings.from(pki().settings(), settings.node().bindPort()), listener());
        }
        return kubeconfigs;
    }

    private PkiListener listener() {
        return PkiListener.of(m -> reporter.info(host.name(), m), m -> reporter.warn(host.name(), m));
    }

    /** The key of --certificate-key; empty when the shared certificates were put on the node by hand. */
    public Optional<CertificateKey> certificateKey() {
        return settings.certificateKey();
    }

    /** With --control-plane: the address this API server and etcd advertise; else the default route's. */
    public InetAddress advertiseAddress() {
        return settings.node().advertiseAddress().orElseGet(() -> facts().defaultAddress().flatMap(IpAddresses::parse)
                .orElseThrow(() -> new KbootException.InvalidInput(host.name()
                        + ": cannot choose an advertise address: the host has no default route with an IPv4 address;"
                        + " pass --advertise-address")));
    }

    public String nodeName() {
        return facts.nodeName(settings.node().name());
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
        return settings.node().bindPort();
    }

    @Override
    public Set<String> ignorePreflightErrors() {
        return settings.run().ignorePreflightErrors();
    }

    @Override
    public HostPrepSettings hostPrep() {
        return hostPrep;
    }
}
