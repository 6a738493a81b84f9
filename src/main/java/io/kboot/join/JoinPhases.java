package io.kboot.join;

import io.kboot.KbootException;
import io.kboot.Pause;
import io.kboot.api.ApiConnection;
import io.kboot.api.HealthCheck;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.Defaults;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.host.Command;
import io.kboot.host.DryRunHost;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.kubeconfig.Kubeconfig;
import io.kboot.node.ControlPlaneMark;
import io.kboot.node.NodeFiles;
import io.kboot.patches.PatchTarget;
import io.kboot.workflow.Phase;
import java.time.Duration;
import java.util.List;

/**
 * {@code kjoin}'s phases after host preparation: token discovery, then the kubelet's TLS
 * bootstrap (kubeadm's kubelet-start): the kubelet gets the cluster's configuration and a
 * bootstrap kubeconfig holding the token, asks for its client certificate with a CSR that the
 * controller manager approves, writes kubelet.conf and registers the Node.
 */
public final class JoinPhases {
    static final String BOOTSTRAP_KUBECONFIG = Defaults.KUBERNETES_DIR + "/bootstrap-kubelet.conf";
    static final String KUBELET_KUBECONFIG = Defaults.KUBERNETES_DIR + "/kubelet.conf";

    private JoinPhases() {}

    /** Ends with the cluster's release checked against what this node would install: before prepare changes the node. */
    static Phase<JoinContext> discovery() {
        return Phase.leaf("discovery", "Find the cluster with the bootstrap token: verified cluster-info and pinned CA,"
                + " and the release it runs", ctx -> {
                    ctx.clusterInfo();
                    ctx.requireClusterRelease();
                });
    }

    static Phase<JoinContext> kubeletStart() {
        return Phase.leaf("kubelet-start", "Write the kubelet settings, start the kubelet and wait for its TLS bootstrap",
                JoinPhases::kubeletStart);
    }

    static void kubeletStart(JoinContext ctx) {
        Host host = ctx.host();
        Discovery.ClusterInfo cluster = ctx.clusterInfo();
        String node = ctx.nodeName();
        if (host.exists(KUBELET_KUBECONFIG) && host.exec(Command.query("systemctl is-active --quiet kubelet")).ok()) {
            ctx.info(KUBELET_KUBECONFIG + " exists and the kubelet is running: this node has joined");
            return;
        }
        String kubeletConfig;
        try (ApiConnection connection = ctx.bootstrapConnection(ctx.settings().run().timeouts().tlsBootstrap())) {
            kubeletConfig = readKubeletConfig(connection.api());
        }
        ctx.info("Writing the kubelet configuration from kube-system/kubelet-config to " + KubeletFiles.CONFIG);
        String criSocket = ctx.settings().node().criSocket();
        NodeFiles.reportPatches(host, ctx.reporter(), ctx.settings().run().patches(), PatchTarget.KUBELET_CONFIGURATION);
        NodeFiles.writeIfChanged(host, KubeletFiles.CONFIG, KubeletFiles.patched(withRuntimeEndpoint(kubeletConfig, criSocket),
                ctx.settings().run().patches()), FileAttributes.PUBLIC);
        NodeFiles.writeIfChanged(host, KubeletFiles.FLAGS_ENV, KubeletFiles.flagsEnv(node, ctx.facts().hostname(), List.of()),
                FileAttributes.PUBLIC);
        NodeFiles.writeIfChanged(host, KubeletFiles.INSTANCE_CONFIG, KubeletFiles.instanceConfig(criSocket),
                FileAttributes.PUBLIC);
        NodeFiles.writeIfChanged(host, Defaults.CERTIFICATES_DIR + "/ca.crt", cluster.caPem(), FileAttributes.PUBLIC);
        NodeFiles.writeIfChanged(host, BOOTSTRAP_KUBECONFIG,
                Kubeconfig.withToken(Defaults.CLUSTER_NAME, cluster.server().toString(), cluster.caPem(),
                        "tls-bootstrap-token-user", ctx.settings().discovery().token().reveal()).render(),
                FileAttributes.PRIVATE);
        ctx.info("Starting the kubelet; it asks the cluster for its certificate (TLS bootstrap)");
        NodeFiles.restartKubelet(host);
        awaitTlsBootstrap(ctx);
        HealthCheck.await(host, List.of(HealthCheck.KUBELET),
                ctx.settings().run().timeouts().kubeletHealthCheck(), ctx::info);
        awaitNode(ctx);
        // kubeadm removes the bootstrap kubeconfig once the kubelet has its own credentials: the token is not left behind.
        host.exec(Command.change("rm -f " + BOOTSTRAP_KUBECONFIG)).orFail(host, "removing " + BOOTSTRAP_KUBECONFIG);
        ctx.info("This node has joined the cluster as " + node
                + ". Run 'kubectl get nodes' on the control plane to see it.");
    }

    /**
     * The cluster's kubelet configuration, read with the bootstrap token: retried through API
     * server restarts and the 401/403 it answers until its token cache is filled, within the
     * connection's bound (timeouts.tlsBootstrap, the bound kubeadm gives kubelet-start).
     */
    public static String readKubeletConfig(KubeApi api) {
        return api.get(Resource.of("v1", "ConfigMap"), "kube-system", "kubelet-config")
                .map(cm -> cm.path("data").path("kubelet").asText())
                .filter(text -> !text.isEmpty())
                .orElseThrow(() -> new KbootException.StepFailed("the cluster has no kube-system/kubelet-config ConfigMap;"
                        + " was the control plane made by kinit master or kubeadm init?"));
    }

    /** The kubelet-config holds an empty containerRuntimeEndpoint: the runtime is per node (instance-config). */
    public static String withRuntimeEndpoint(String kubeletConfig, String criSocket) {
        return kubeletConfig.replace("containerRuntimeEndpoint: \"\"", "containerRuntimeEndpoint: " + criSocket);
    }

    private static void awaitTlsBootstrap(JoinContext ctx) {
        Host host = ctx.host();
        if (host instanceof DryRunHost) {
            return;
        }
        long start = System.nanoTime();
        Duration bound = ctx.settings().run().timeouts().tlsBootstrap();
        long deadline = start + bound.toNanos();
        while (!host.exists(KUBELET_KUBECONFIG)) {
            if (System.nanoTime() > deadline) {
                throw new KbootException.StepFailed("the kubelet did not get its certificate within "
                        + bound.toSeconds() + "s (no " + KUBELET_KUBECONFIG
                        + "); check `journalctl -u kubelet` on " + host.name());
            }
            Pause.sleep(Duration.ofSeconds(1));
        }
        ctx.info("The kubelet got its certificate and wrote " + KUBELET_KUBECONFIG + " after "
                + (System.nanoTime() - start) / 1_000_000_000 + "s");
    }

    private static void awaitNode(JoinContext ctx) {
        if (ctx.host() instanceof DryRunHost) {
            return;
        }
        try (ApiConnection connection = ctx.bootstrapConnection(ctx.settings().run().timeouts().tlsBootstrap())) {
            ControlPlaneMark.awaitNode(connection.api(), ctx.nodeName(), ctx.settings().run().timeouts().tlsBootstrap());
        }
    }
}
