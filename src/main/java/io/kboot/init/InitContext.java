package io.kboot.init;

import io.kboot.KbootException;
import io.kboot.Randomness;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.OnTarget;
import io.kboot.facts.RunTarget;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.hostprep.PrepInputs;
import io.kboot.kubeconfig.KubeconfigSettings;
import io.kboot.kubeconfig.Kubeconfigs;
import io.kboot.node.ControlPlaneNode;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.report.Reporter;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CertificateKey;
import io.kboot.workflow.Lazy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every phase of {@code kinit master} works with: the settings, the node being made a
 * control plane (its host, reporter and facts: {@link RunTarget}), and what the run made so far.
 * Resources are made on first use, from the packages that own them.
 */
public final class InitContext implements OnTarget {
    private final InitSettings settings;
    private final RunTarget target;
    private final HostPrepSettings hostPrep;
    private final Set<String> plannedPhases;
    private final Lazy<Pki> pki;
    private final Lazy<Kubeconfigs> kubeconfigs;
    private boolean prefetchStarted;
    private ApiConnection api;
    private CertificateKey certificateKey;
    private final List<BootstrapToken> tokens = new ArrayList<>();

    public InitContext(InitSettings settings, Host host, Reporter reporter) {
        this(settings, host, reporter, HostPrepSettings.defaults());
    }

    public InitContext(InitSettings settings, Host host, Reporter reporter, HostPrepSettings hostPrep) {
        this(settings, host, reporter, hostPrep, Set.of());
    }

    /** @param plannedPhases the paths of the phases this run will execute, so phases can prepare ahead */
    public InitContext(InitSettings settings, Host host, Reporter reporter, HostPrepSettings hostPrep,
            Set<String> plannedPhases) {
        this(settings, RunTarget.of(host, reporter), hostPrep, plannedPhases);
    }

    /** @param plannedPhases the paths of the phases this run will execute, so phases can prepare ahead */
    public InitContext(InitSettings settings, RunTarget target, HostPrepSettings hostPrep, Set<String> plannedPhases) {
        this.settings = settings;
        this.target = target;
        this.hostPrep = hostPrep;
        this.plannedPhases = Set.copyOf(plannedPhases);
        PkiListener listener = PkiListener.of(target::info, target::warn);
        this.pki = new Lazy<>(
                () -> new Pki(target.host(), settings.pki().certificatesDir(), controlPlaneNode().pkiSettings(), listener));
        this.kubeconfigs = new Lazy<>(() -> new Kubeconfigs(target.host(), settings.pki().kubeconfigDir(), pki(),
                KubeconfigSettings.from(pki().settings(), settings.node().bindPort()), listener));
    }

    public InitSettings settings() {
        return settings;
    }

    @Override
    public RunTarget target() {
        return target;
    }

    /** What host preparation works with: this node as a control plane of the cluster's release. */
    public NodePrepContext prep() {
        return new NodePrepContext(target, new PrepInputs(NodeRole.CONTROL_PLANE, settings.cluster().kubernetesVersion(),
                settings.cluster().imageRepository(), settings.node().bindPort(), settings.run().ignorePreflightErrors(),
                hostPrep));
    }

    public Set<String> plannedPhases() {
        return plannedPhases;
    }

    /** The cluster PKI in the certificate directory, made on first use. */
    public Pki pki() {
        return pki.get();
    }

    public Kubeconfigs kubeconfigs() {
        return kubeconfigs.get();
    }

    /**
     * The API server, as the admin (admin.conf), through the node; opened on first use, after
     * making sure admin.conf's group is bound to cluster-admin. Planning only with --dry-run.
     */
    public synchronized KubeApi api() {
        if (api == null) {
            Host host = host();
            String dir = settings.pki().kubeconfigDir();
            ApiRetry retry = ApiRetry.within(settings.run().timeouts().kubernetesAPICall());
            ApiConnection admin = ApiConnection.open(host, dir + "/admin.conf", retry);
            if (!admin.api().planning()) {
                ApiConnection[] superAdmin = new ApiConnection[1];
                try {
                    ClusterAdmins.ensure(admin.api(), () -> {
                        superAdmin[0] = ApiConnection.open(host, dir + "/super-admin.conf", retry);
                        return superAdmin[0].api();
                    }, retry, target::info);
                } finally {
                    if (superAdmin[0] != null) {
                        superAdmin[0].close();
                    }
                }
            }
            api = admin;
        }
        return api.api();
    }

    /** The cluster CA certificate (PEM) from the node's certificate directory. */
    public String caCertificatePem() {
        Host host = host();
        String path = settings.pki().certificatesDir() + "/ca.crt";
        return new String(host.read(path).orElseThrow(() -> new KbootException.StepFailed(host.name() + ": " + path
                + " does not exist; run the certs phase first")), StandardCharsets.UTF_8);
    }

    /** This node as a control plane of the cluster: its name and address with the cluster's settings. */
    public ControlPlaneNode controlPlaneNode() {
        return new ControlPlaneNode(settings, nodeName(), advertiseAddress());
    }

    /** The URL every node uses for the API server: the control-plane endpoint, else the advertise address. */
    public String controlPlaneUrl() {
        return kubeconfigs().settings().controlPlaneUrl();
    }

    /** The cluster DNS service's address: the tenth of the (first) service network. */
    public String dnsServiceIp() {
        return settings.cluster().networking().dnsServiceIp();
    }

    /** The key for --upload-certs: as given, else generated once per run. */
    public synchronized CertificateKey certificateKey() {
        if (certificateKey == null) {
            certificateKey = settings.bootstrap().certificateKey()
                    .orElseGet(() -> CertificateKey.generate(Randomness.strong()));
        }
        return certificateKey;
    }

    synchronized void addToken(BootstrapToken token) {
        tokens.add(token);
    }

    /** The bootstrap tokens this run created, for the join command. */
    public synchronized List<BootstrapToken> tokens() {
        return List.copyOf(tokens);
    }

    /** True the first time only: key generation for the planned phases starts once per run. */
    synchronized boolean startPrefetch() {
        boolean first = !prefetchStarted;
        prefetchStarted = true;
        return first;
    }

    /** The node name: as configured, else the host's hostname in lowercase (kubeadm's default). */
    public String nodeName() {
        return target.nodeName(settings.node().name());
    }

    /** The advertise address: as configured, else the host's default-route address. */
    public InetAddress advertiseAddress() {
        return target.advertiseAddress(settings.node().advertiseAddress());
    }

    /** The release this control plane runs. */
    public KubernetesVersion kubernetesVersion() {
        return settings.cluster().kubernetesVersion();
    }
}
