package io.kboot.init;

import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.facts.LazyFacts;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.kubeconfig.Kubeconfigs;
import io.kboot.pki.Pki;
import io.kboot.report.Reporter;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CertificateKey;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every phase of {@code kinit master} works with: the settings, the node being made a
 * control plane, and the reporter. Facts about the node are gathered once, on first use.
 */
public final class InitContext implements NodePrepContext {
    private final InitSettings settings;
    private final Host host;
    private final Reporter reporter;
    private final HostPrepSettings hostPrep;
    private final Set<String> plannedPhases;
    private final LazyFacts facts;
    private Pki pki;
    private Kubeconfigs kubeconfigs;
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
        this.settings = settings;
        this.host = host;
        this.facts = new LazyFacts(host);
        this.reporter = reporter;
        this.hostPrep = hostPrep;
        this.plannedPhases = Set.copyOf(plannedPhases);
    }

    public InitSettings settings() {
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

    public Set<String> plannedPhases() {
        return plannedPhases;
    }

    /** The cluster PKI in the certificate directory, made on first use. */
    public synchronized Pki pki() {
        if (pki == null) {
            pki = CertsPhases.newPki(this);
        }
        return pki;
    }

    public synchronized Kubeconfigs kubeconfigs() {
        if (kubeconfigs == null) {
            kubeconfigs = CertsPhases.newKubeconfigs(this);
        }
        return kubeconfigs;
    }

    /**
     * The API server, as the admin (admin.conf), through the node; opened on first use, after
     * making sure admin.conf's group is bound to cluster-admin. Planning only with --dry-run.
     */
    public synchronized KubeApi api() {
        if (api == null) {
            String dir = settings.pki().kubeconfigDir();
            ApiRetry retry = ApiRetry.within(settings.run().timeouts().kubernetesAPICall());
            ApiConnection admin = ApiConnection.open(host, dir + "/admin.conf", retry);
            if (!admin.api().planning()) {
                ApiConnection[] superAdmin = new ApiConnection[1];
                try {
                    ClusterPhases.ensureClusterAdmins(this, admin.api(), () -> {
                        superAdmin[0] = ApiConnection.open(host, dir + "/super-admin.conf", retry);
                        return superAdmin[0].api();
                    });
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
        String path = settings.pki().certificatesDir() + "/ca.crt";
        return new String(host.read(path).orElseThrow(() -> new KbootException.StepFailed(host.name() + ": " + path
                + " does not exist; run the certs phase first")), StandardCharsets.UTF_8);
    }

    /** This node as a control plane of the cluster: its name and address with the cluster's settings. */
    public io.kboot.node.ControlPlaneNode controlPlaneNode() {
        return new io.kboot.node.ControlPlaneNode(settings, nodeName(), advertiseAddress());
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
                    .orElseGet(() -> CertificateKey.generate(ClusterPhases.RANDOM));
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

    @Override
    public HostFacts facts() {
        return facts.get();
    }

    /** The node name: as configured, else the host's hostname in lowercase (kubeadm's default). */
    public String nodeName() {
        return facts.nodeName(settings.node().name());
    }

    /** The advertise address: as configured, else the host's default-route address. */
    public InetAddress advertiseAddress() {
        return settings.node().advertiseAddress().orElseGet(() -> facts().defaultAddress().flatMap(IpAddresses::parse)
                .orElseThrow(() -> new KbootException.InvalidInput(host.name()
                        + ": cannot choose an advertise address: the host has no default route with an IPv4 address;"
                        + " pass --advertise-address")));
    }

    @Override
    public NodeRole role() {
        return NodeRole.CONTROL_PLANE;
    }

    @Override
    public KubernetesVersion kubernetesVersion() {
        return settings.cluster().kubernetesVersion();
    }

    @Override
    public String imageRepository() {
        return settings.cluster().imageRepository();
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
