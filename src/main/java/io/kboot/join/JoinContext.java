package io.kboot.join;

import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.bundle.BundleSource;
import io.kboot.config.Defaults;
import io.kboot.config.InitSettings;
import io.kboot.config.JoinSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.OnTarget;
import io.kboot.facts.RunTarget;
import io.kboot.host.Host;
import io.kboot.hostprep.ArtifactSource;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.hostprep.PrepInputs;
import io.kboot.kubeconfig.KubeconfigSettings;
import io.kboot.kubeconfig.Kubeconfigs;
import io.kboot.node.ControlPlaneNode;
import io.kboot.pki.ClientTls;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.report.Reporter;
import io.kboot.token.CertificateKey;
import io.kboot.workflow.Lazy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What every phase of {@code kjoin} works with: the settings, the joining node (its host, reporter
 * and facts: {@link RunTarget}), and the cluster as discovery found it, made on first use from the
 * packages that own it.
 */
public final class JoinContext implements OnTarget {
    private final JoinSettings settings;
    private final RunTarget target;
    private final HostPrepSettings hostPrep;
    private final Lazy<Discovery.ClusterInfo> clusterInfo;
    private final Lazy<KubernetesVersion> clusterVersion;
    private InitSettings cluster;
    private UnaryOperator<InitSettings> clusterOverrides = UnaryOperator.identity();
    private String manifestsDir = Defaults.MANIFESTS_DIR;
    private Pki pki;
    private Kubeconfigs kubeconfigs;

    public JoinContext(JoinSettings settings, Host host, Reporter reporter) {
        this(settings, host, reporter, HostPrepSettings.defaults());
    }

    public JoinContext(JoinSettings settings, Host host, Reporter reporter, HostPrepSettings hostPrep) {
        this(settings, RunTarget.of(host, reporter), hostPrep);
    }

    public JoinContext(JoinSettings settings, RunTarget target, HostPrepSettings hostPrep) {
        this.settings = settings;
        this.target = target;
        this.hostPrep = hostPrep;
        this.clusterInfo = new Lazy<>(() -> {
            target.info("Discovering the cluster at " + settings.discovery().apiServerEndpoint() + " with token "
                    + settings.discovery().token());
            return Discovery.discover(target.host(), settings, settings.run().timeouts().discovery(), target::info);
        });
        this.clusterVersion = new Lazy<>(() -> {
            try (ApiConnection connection = bootstrapConnection(settings.run().timeouts().kubernetesAPICall())) {
                return KubeadmConfig.kubernetesVersion(connection.api());
            }
        });
    }

    public JoinSettings settings() {
        return settings;
    }

    @Override
    public RunTarget target() {
        return target;
    }

    /**
     * What host preparation works with: the cluster's release (a node runs the release of its
     * cluster, whatever kboot's default), read after discovery, and kboot's default image repository.
     */
    public NodePrepContext prep() {
        return new NodePrepContext(target, new PrepInputs(settings.controlPlane() ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
                kubernetesVersion(), Defaults.IMAGE_REPOSITORY, settings.node().bindPort(),
                settings.run().ignorePreflightErrors(),
                hostPrep));
    }

    /** The cluster found by token discovery; discovered on first use. */
    public Discovery.ClusterInfo clusterInfo() {
        return clusterInfo.get();
    }

    /** The API server as discovery found it, with the bootstrap token; each call and wait within {@code bound}. */
    public ApiConnection bootstrapConnection(Duration bound) {
        Discovery.ClusterInfo cluster = clusterInfo();
        return ApiConnection.open(host(), cluster.server(), ClientTls.trusting(cluster.caPem(), cluster.server().getHost()),
                Optional.of(settings.discovery().token().reveal()), ApiRetry.within(bound));
    }

    /**
     * With --control-plane: the cluster's ClusterConfiguration (kube-system/kubeadm-config) as
     * settings for this node; read with the bootstrap token on first use.
     */
    public synchronized InitSettings clusterSettings() {
        if (cluster == null) {
            try (ApiConnection connection = bootstrapConnection(settings.run().timeouts().kubernetesAPICall())) {
                cluster = clusterOverrides.apply(KubeadmConfig.read(connection.api(), settings.node()));
            }
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
            pki = new Pki(host(), clusterSettings().pki().certificatesDir(), controlPlaneNode().pkiSettings(), listener());
        }
        return pki;
    }

    public synchronized Kubeconfigs kubeconfigs() {
        if (kubeconfigs == null) {
            kubeconfigs = new Kubeconfigs(host(), clusterSettings().pki().kubeconfigDir(), pki(),
                    KubeconfigSettings.from(pki().settings(), settings.node().bindPort()), listener());
        }
        return kubeconfigs;
    }

    private PkiListener listener() {
        return PkiListener.of(target::info, target::warn);
    }

    /** The key of --certificate-key; empty when the shared certificates were put on the node by hand. */
    public Optional<CertificateKey> certificateKey() {
        return settings.certificateKey();
    }

    /** With --control-plane: the address this API server and etcd advertise; else the default route's. */
    public InetAddress advertiseAddress() {
        return target.advertiseAddress(settings.node().advertiseAddress());
    }

    public String nodeName() {
        return target.nodeName(settings.node().name());
    }

    /**
     * The release this node installs: the cluster's (ClusterConfiguration kubernetesVersion of
     * kube-system/kubeadm-config, read with the bootstrap token after discovery, on first use), or
     * --kubernetes-version, which spares {@code kjoin phase prepare} ahead of the cluster the
     * question (a join checks it against the cluster's at discovery).
     */
    public KubernetesVersion kubernetesVersion() {
        return settings.kubernetesVersion().orElseGet(clusterVersion::get);
    }

    /**
     * Refuses, before host preparation changes the node, a join that would not run the cluster's
     * release: one kboot cannot prepare (or, for a control plane, make) a node of, or a --bundle of
     * another release (a kubelet newer than the API server breaks the version skew policy, an
     * older one is not what the cluster runs).
     *
     * @throws KbootException.InvalidInput naming both releases and what to do
     */
    public void requireClusterRelease() {
        KubernetesVersion cluster = clusterVersion.get();
        settings.kubernetesVersion().filter(given -> !given.equals(cluster)).ifPresent(given -> {
            throw new KbootException.InvalidInput("--kubernetes-version " + given + ": the cluster runs Kubernetes " + cluster
                    + " (" + KubeadmConfig.WHERE + "), which a node joins with; leave the flag out, or give " + cluster);
        });
        target.info("The cluster runs Kubernetes " + cluster + " (" + KubeadmConfig.WHERE + "): this node joins with it");
        requireJoinable(cluster, settings.controlPlane(), hostPrep.artifacts());
    }

    static void requireJoinable(KubernetesVersion cluster, boolean controlPlane, ArtifactSource artifacts) {
        String runs = "the cluster runs Kubernetes " + cluster + " (" + KubeadmConfig.WHERE + ")";
        try {
            if (controlPlane) {
                ControlPlaneNode.requireSupported(cluster);
            } else {
                ComponentVersions.bundled().release(cluster);
            }
        } catch (KbootException.InvalidInput e) {
            throw new KbootException.InvalidInput(runs + ": " + e.getMessage());
        }
        if (artifacts instanceof BundleSource bundle && !bundle.kubernetesVersion().equals(cluster.toString())) {
            throw new KbootException.InvalidInput(runs + ", but --bundle is " + bundle.describe() + ": a node joins with"
                    + " its cluster's release. Make a bundle of " + cluster + " (scripts/k8s/build --version " + cluster
                    + ", then kboot bundle create --from /var/cache/kboot/k8s/" + cluster + "), or upgrade the cluster to "
                    + bundle.kubernetesVersion() + " first (kboot upgrade apply)");
        }
    }
}
