package io.kboot.join;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.api.EtcdClient;
import io.kboot.api.Resource;
import io.kboot.config.InitSettings;
import io.kboot.controlplane.Component;
import io.kboot.host.Command;
import io.kboot.host.DryRunHost;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import io.kboot.node.ControlPlaneHealth;
import io.kboot.node.ControlPlaneMark;
import io.kboot.node.ControlPlaneNode;
import io.kboot.node.NodeFiles;
import io.kboot.pki.ClientTls;
import io.kboot.workflow.Phase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * kubeadm join's control-plane-join, after the kubelet runs: this node's etcd joins the cluster's
 * (MemberAdd as a learner through an existing member, the joining manifest, MemberPromote once it
 * has caught up), the node is marked as a control plane, and its API server must become ready.
 */
final class ControlPlaneJoin {
    static final String GROUP = "control-plane-join";
    /** kubeadm's annotation on the etcd static Pods: where each member serves clients. */
    static final String ETCD_CLIENT_URLS = "kubeadm.kubernetes.io/etcd.advertise-client-urls";
    static final Duration PROMOTE_RETRY = Duration.ofSeconds(1);

    private ControlPlaneJoin() {}

    static Phase<JoinContext> phase() {
        return Phase.group(GROUP, "Join a machine as a control plane instance (with --control-plane)",
                Phase.leaf("etcd", "Add a new local etcd member", ControlPlaneJoin::etcd),
                Phase.leaf("mark-control-plane", "Mark a node as a control-plane", ControlPlaneJoin::markControlPlane))
                .runIf(ControlPlanePrepare.CONTROL_PLANE_ONLY);
    }

    static Phase<JoinContext> waitControlPlane() {
        return Phase.leaf("wait-control-plane", "Wait for the new API server to be ready (with --control-plane)",
                ControlPlanePrepare.CONTROL_PLANE_ONLY, ControlPlaneJoin::waitControlPlane);
    }

    static void etcd(JoinContext ctx) throws Exception {
        Host host = ctx.host();
        Consumer<String> progress = ctx::info;
        ControlPlaneNode node = ctx.controlPlaneNode();
        InitSettings cluster = node.cluster();
        String peerUrl = node.etcdPeerUrl();
        if (host instanceof DryRunHost) {
            progress.accept("Would add etcd member " + node.nodeName() + " at " + peerUrl
                    + " as a learner through an existing member,"
                    + " write " + ctx.manifestsDir() + "/etcd.yaml with --initial-cluster-state=existing and promote the member");
            return;
        }
        try (EtcdClient etcd = connect(host, etcdEndpoints(ctx), cluster.pki().certificatesDir(), progress)) {
            List<EtcdClient.Member> members = etcd.members();
            Optional<EtcdClient.Member> existing = members.stream().filter(m -> m.peerUrls().contains(peerUrl)).findFirst();
            String id;
            if (existing.isPresent()) {
                id = existing.get().id();
                progress.accept("etcd already has a member at " + peerUrl + (existing.get().learner() ? " (a learner)" : ""));
            } else {
                progress.accept("Adding etcd member " + node.nodeName() + " at " + peerUrl + " as a learner");
                EtcdClient.AddResult added = etcd.addLearner(peerUrl);
                id = added.id();
                members = added.members();
            }
            List<String> initialCluster = initialCluster(members, id);
            host.exec(Command.change("mkdir -p " + Shell.quote(cluster.components().etcdDataDir()) + " && chmod 0700 "
                    + Shell.quote(cluster.components().etcdDataDir()))).orFail(host, "creating the etcd data directory");
            NodeFiles.writeManifest(host, ctx.reporter(), ctx.manifestsDir(), Component.ETCD, node.spec(host, initialCluster),
                    ctx.settings().run().patches());
            if (existing.isEmpty() || existing.get().learner()) {
                promote(etcd, id, cluster.run().timeouts().controlPlaneComponentHealthCheck(), progress);
            }
        }
    }

    /** A client to the first existing member that answers MemberList, as kubeadm tries each endpoint. */
    private static EtcdClient connect(Host host, List<URI> endpoints, String certificatesDir, Consumer<String> progress) {
        KbootException last = null;
        for (URI endpoint : endpoints) {
            EtcdClient etcd = EtcdClient.open(host, endpoint, etcdClientTls(host, certificatesDir, endpoint.getHost()));
            try {
                etcd.members();
                return etcd;
            } catch (KbootException.StepFailed e) {
                etcd.close();
                progress.accept("etcd member at " + endpoint + " does not answer (" + e.getMessage() + "); trying the next");
                last = e;
            }
        }
        throw new KbootException.StepFailed("no existing etcd member answers at " + endpoints + ": " + last.getMessage());
    }

    /** The other members as "name=peerURL" in MemberAdd's order, this one (id) left out: the manifest appends it. */
    static List<String> initialCluster(List<EtcdClient.Member> members, String id) {
        List<String> entries = new ArrayList<>();
        for (EtcdClient.Member m : members) {
            if (!m.id().equals(id) && !m.peerUrls().isEmpty()) {
                entries.add(m.initialClusterEntry(m.id()));
            }
        }
        return entries;
    }

    /** kubeadm retries MemberPromote until the learner has caught up with the leader. */
    private static void promote(EtcdClient etcd, String id, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        progress.accept("Waiting for the new etcd member to catch up, then promoting it to a voting member (up to "
                + timeout.toSeconds() + "s)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                etcd.promote(id);
                progress.accept("The new etcd member is a voting member");
                return;
            } catch (KbootException.StepFailed e) {
                if (System.nanoTime() > deadline) {
                    throw new KbootException.StepFailed(
                            "the new etcd member did not become promotable within " + timeout.toSeconds()
                                    + "s: " + e.getMessage() + "; check the etcd container's log on this node");
                }
            }
            Thread.sleep(PROMOTE_RETRY.toMillis());
        }
    }

    /**
     * kubeadm's getEtcdEndpoints: the client URLs the existing etcd static Pods announce in their
     * annotation, read as the admin (admin.conf, just written, through the control-plane endpoint).
     */
    static List<URI> etcdEndpoints(JoinContext ctx) {
        JsonNode pods;
        try (ApiConnection admin = ApiConnection.open(ctx.host(), ctx.clusterSettings().pki().kubeconfigDir() + "/admin.conf",
                ApiRetry.within(ctx.settings().run().timeouts().kubernetesAPICall()))) {
            pods = admin.api().listLabeled(Resource.of("v1", "Pod"), "kube-system", "component=etcd,tier=control-plane");
        }
        List<URI> endpoints = endpointsFrom(pods);
        if (endpoints.isEmpty()) {
            throw new KbootException.StepFailed(
                    "no etcd Pod in kube-system announces its client URL (annotation " + ETCD_CLIENT_URLS
                            + "); kboot joins control planes to a stacked etcd made by kinit master or kubeadm init only");
        }
        return endpoints;
    }

    static List<URI> endpointsFrom(JsonNode pods) {
        Set<URI> urls = new LinkedHashSet<>();
        for (JsonNode pod : pods) {
            String annotation = pod.path("metadata").path("annotations").path(ETCD_CLIENT_URLS).asText("");
            for (String url : annotation.split(",")) {
                if (!url.isBlank()) {
                    urls.add(URI.create(url.strip()));
                }
            }
        }
        return List.copyOf(urls);
    }

    /** kubeadm talks to etcd as healthcheck-client, trusting the etcd CA. */
    private static SSLContext etcdClientTls(Host host, String certificatesDir, String serverName) {
        String dir = certificatesDir + "/etcd/";
        return ClientTls.mutual(read(host, dir + "ca.crt"), read(host, dir + "healthcheck-client.crt"),
                read(host, dir + "healthcheck-client.key"), serverName);
    }

    private static String read(Host host, String path) {
        return new String(host.read(path).orElseThrow(() -> new KbootException.StepFailed(host.name() + ": " + path
                + " does not exist; run the control-plane-prepare phases first")), StandardCharsets.UTF_8);
    }

    static void markControlPlane(JoinContext ctx) {
        try (ApiConnection admin = ApiConnection.open(ctx.host(), ctx.clusterSettings().pki().kubeconfigDir() + "/admin.conf",
                ApiRetry.within(ctx.settings().run().timeouts().kubernetesAPICall()))) {
            ControlPlaneMark.mark(admin.api(), ctx.nodeName(), ctx.clusterSettings().bootstrap().taints(),
                    ctx.clusterSettings().run().timeouts().kubeletHealthCheck(), ctx::info);
        }
    }

    static void waitControlPlane(JoinContext ctx) {
        Host host = ctx.host();
        InitSettings cluster = ctx.clusterSettings();
        String ca = read(host, cluster.pki().certificatesDir() + "/ca.crt");
        Consumer<String> progress = ctx::info;
        Duration timeout = cluster.run().timeouts().controlPlaneComponentHealthCheck();
        progress.accept("Waiting for this node's API server to be ready (up to " + timeout.toSeconds() + "s)");
        new ControlPlaneHealth(host, ctx.advertiseAddress(), ctx.settings().node().bindPort(), ca, progress)
                .awaitApiServerReady(timeout);
        progress.accept("This node has joined the cluster as a control plane. Run 'kubectl get nodes' to see it.");
    }
}
