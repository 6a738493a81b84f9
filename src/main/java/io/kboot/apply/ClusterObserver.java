package io.kboot.apply;

import io.kboot.KbootException;
import io.kboot.Pause;
import io.kboot.api.ApiConnection;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.Defaults;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.host.Command;
import io.kboot.host.Fanout;
import io.kboot.host.Host;
import io.kboot.join.KubeadmConfig;
import io.kboot.report.Reporter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at the hosts and the cluster before anything changes, read-only, so a dry run does it
 * for real: one script per host (admin.conf, kubelet.conf, the kubelet's state), then the control
 * planes that have admin.conf in file order until one's API server answers {@code /readyz}
 * through the node as the admin, then its Nodes and kboot's state ConfigMap.
 */
public final class ClusterObserver {
    /** How long a control plane with admin.conf gets to answer /readyz: kubeadm's kubernetesAPICall default. */
    static final Duration PATIENCE = Duration.ofMinutes(1);
    private static final Duration BETWEEN_TRIES = Duration.ofSeconds(5);

    static final String KUBELET_CONF = Defaults.KUBERNETES_DIR + "/kubelet.conf";

    /** What was seen, and the admin connection to the API server that answered (the caller closes it). */
    record Result(Observation observation, Optional<ApiConnection> admin) {}

    private ClusterObserver() {}

    static Result observe(List<HostSpec> specs, Map<String, Host> hosts, Map<String, HostFacts> facts, String kubeconfigDir,
            Reporter reporter) {
        String adminConf = kubeconfigDir + "/admin.conf";
        String script = "[ -f " + adminConf + " ] && echo admin_conf\n"
                + "[ -f " + KUBELET_CONF + " ] && echo kubelet_conf\n"
                + "command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet kubelet && echo kubelet_active\n"
                + "true\n";
        List<String> outputs = Fanout.run(specs, HostSpec::name, Fanout.DEFAULT_CONCURRENCY, h -> {
            Host host = hosts.get(h.name());
            return host.exec(Command.query(script)).orFail(host, "looking for kubeconfigs and the kubelet").stdout();
        });
        Map<String, Observation.HostProbe> probes = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            HostSpec h = specs.get(i);
            List<String> found = outputs.get(i).lines().map(String::strip).toList();
            String nodeName = h.nodeName().orElseGet(() -> facts.get(h.name()).hostname().toLowerCase(Locale.ROOT));
            probes.put(h.name(), new Observation.HostProbe(nodeName, found.contains("admin_conf"), found.contains("kubelet_conf"),
                    found.contains("kubelet_active")));
        }
        for (HostSpec h : specs) {
            if (!h.controlPlane() || !probes.get(h.name()).adminConf()) {
                continue;
            }
            Optional<ApiConnection> admin = answering(hosts.get(h.name()), adminConf, reporter);
            if (admin.isPresent()) {
                KubeApi api = admin.get().api();
                Map<String, Observation.NodeStatus> nodes = new LinkedHashMap<>();
                api.list(Resource.of("v1", "Node"), null, Optional.empty())
                        .forEach(n -> nodes.put(n.path("metadata").path("name").asText(), Observation.NodeStatus.of(n)));
                Optional<ClusterState> state = api.get(Resource.of("v1", "ConfigMap"), ClusterState.NAMESPACE, ClusterState.NAME)
                        .map(ClusterState::fromConfigMap);
                reporter.info(h.name(), "the API server answers; the cluster has " + nodes.size() + " Node(s)"
                        + (state.isPresent() ? ", and kboot's state " + ClusterState.NAMESPACE + "/" + ClusterState.NAME
                                + " (last applied " + state.get().appliedAt() + ")"
                                : ", and no " + ClusterState.NAMESPACE + "/"
                                        + ClusterState.NAME));
                Optional<KubernetesVersion> running = runningVersion(api, h.name(), reporter);
                return new Result(new Observation(Optional.of(h.name()), nodes, state, probes, running), admin);
            }
        }
        reporter.info(null, "no control plane's API server answers: the cluster is yet to be made");
        return new Result(Observation.fresh(probes), Optional.empty());
    }

    /** kubeadm-config's release; empty, and said, when it has none (an init that stopped before upload-config). */
    private static Optional<KubernetesVersion> runningVersion(KubeApi api, String host, Reporter reporter) {
        try {
            KubernetesVersion running = KubeadmConfig.kubernetesVersion(api);
            reporter.info(host, "the cluster runs Kubernetes " + running + " (kube-system/kubeadm-config)");
            return Optional.of(running);
        } catch (KbootException.StepFailed e) {
            reporter.info(host, "the cluster's release is not known: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * For read-only commands on a cluster file ({@code kboot upgrade plan -f}): the admin connection
     * through the first control plane, in file order, that has admin.conf and whose API server
     * answers /readyz, as apply finds it; the caller closes it. Empty when none answers.
     *
     * @param hosts the open hosts by {@link HostSpec#name()}; the control planes at least
     */
    public static Optional<ApiConnection> firstAnswering(List<HostSpec> specs, Map<String, Host> hosts, String kubeconfigDir,
            Reporter reporter) {
        String adminConf = kubeconfigDir + "/admin.conf";
        for (HostSpec h : specs) {
            if (!h.controlPlane() || !hosts.get(h.name()).exists(adminConf)) {
                continue;
            }
            Optional<ApiConnection> admin = answering(hosts.get(h.name()), adminConf, reporter);
            if (admin.isPresent()) {
                reporter.info(h.name(), "the API server answers");
                return admin;
            }
        }
        return Optional.empty();
    }

    /**
     * The admin connection once the API server is ready, asked again for up to {@link #PATIENCE}:
     * a made cluster's API server may be slow or restarting, and taking it for down would plan an
     * init over it. A refused or unready one is reported and closed.
     */
    private static Optional<ApiConnection> answering(Host host, String adminConf, Reporter reporter) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Optional<ApiConnection> admin = answeringOnce(host, adminConf, reporter);
            if (admin.isPresent() || System.nanoTime() + BETWEEN_TRIES.toNanos() > deadline) {
                return admin;
            }
            Pause.sleep(BETWEEN_TRIES);
        }
    }

    private static Optional<ApiConnection> answeringOnce(Host host, String adminConf, Reporter reporter) {
        ApiConnection connection = null;
        try {
            connection = ApiConnection.open(host, adminConf);
            HttpResponse<String> ready = connection.api().health("/readyz");
            if (ready.statusCode() == 200) {
                return Optional.of(connection);
            }
            reporter.info(host.name(),
                    "has " + adminConf + ", but its API server is not ready (HTTP " + ready.statusCode() + ")");
        } catch (IOException | KbootException e) {
            reporter.info(host.name(), "has " + adminConf + ", but its API server does not answer: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while asking the API server", e);
        }
        if (connection != null) {
            connection.close();
        }
        return Optional.empty();
    }
}
