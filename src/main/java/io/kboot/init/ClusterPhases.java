package io.kboot.init;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.Randomness;
import io.kboot.addons.Addons;
import io.kboot.api.KubeApi;
import io.kboot.config.Cidr;
import io.kboot.config.InitBootstrap;
import io.kboot.config.InitSettings;
import io.kboot.controlplane.ClusterConfigMaps;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.host.Host;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.node.ControlPlaneHealth;
import io.kboot.node.ControlPlaneMark;
import io.kboot.node.NodeFiles;
import io.kboot.patches.PatchTarget;
import io.kboot.pki.CaPin;
import io.kboot.token.BootstrapObjects;
import io.kboot.token.BootstrapToken;
import io.kboot.token.ClusterCerts;
import io.kboot.workflow.Phase;
import io.kboot.workflow.RunIf;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The phases of {@code kinit master} that talk to the running control plane, in kubeadm's order:
 * wait for it to be healthy, upload the cluster's configuration, upload the control-plane
 * certificates (with --upload-certs), mark the node, create the bootstrap tokens and everything
 * joining nodes rely on, install the addons, and print the join command. The work is in the node,
 * token, controlplane and addons packages; this adapts the context to them, as {@link CertsPhases} does.
 */
final class ClusterPhases {
    private ClusterPhases() {}

    static Phase<InitContext> waitControlPlane() {
        return Phase.leaf("wait-control-plane", "Wait for the kubelet and the control plane components to be healthy",
                ClusterPhases::waitControlPlane);
    }

    static Phase<InitContext> uploadConfig() {
        return Phase.group("upload-config", "Upload the kubeadm and kubelet configuration to ConfigMaps",
                Phase.leaf("kubeadm", "Upload the kubeadm ClusterConfiguration to a ConfigMap",
                        ClusterPhases::uploadKubeadmConfig),
                Phase.leaf("kubelet", "Upload the kubelet configuration to a ConfigMap", ClusterPhases::uploadKubeletConfig));
    }

    static Phase<InitContext> uploadCerts() {
        return Phase.leaf("upload-certs",
                "Upload the control-plane certificates to the kubeadm-certs Secret (with --upload-certs)",
                RunIf.when(ctx -> ctx.settings().bootstrap().uploadCerts(), "--upload-certs was not given"),
                ClusterPhases::uploadCerts);
    }

    static Phase<InitContext> markControlPlane() {
        return Phase.leaf("mark-control-plane", "Label and taint the node as a control plane", ClusterPhases::markControlPlane);
    }

    static Phase<InitContext> bootstrapToken() {
        return Phase.leaf("bootstrap-token", "Create bootstrap tokens, cluster-info and the RBAC rules nodes join with",
                ClusterPhases::bootstrapToken);
    }

    static Phase<InitContext> addons() {
        return Phase.group("addons", "Install the required addons",
                Phase.leaf("coredns", "Install the CoreDNS addon", ClusterPhases::coreDns),
                Phase.leaf("kube-proxy", "Install the kube-proxy addon", ClusterPhases::kubeProxy),
                Phase.leaf("pod-network",
                        "Apply --pod-network-manifest, else kboot's built-in pod network (with --pod-network-cidr)",
                        RunIf.when(ClusterPhases::hasPodNetwork, "no --pod-network-manifest, and kboot's built-in pod network"
                                + " needs --pod-network-cidr; install a CNI of your choice"),
                        ClusterPhases::podNetwork));
    }

    static Phase<InitContext> showJoinCommand() {
        return Phase.leaf("show-join-command", "Print the command that joins nodes", ClusterPhases::showJoinCommand);
    }

    // ---- the actions: each adapts the context to the package that does the work ----

    static void waitControlPlane(InitContext ctx) {
        InitSettings s = ctx.settings();
        new ControlPlaneHealth(ctx.host(), ctx.advertiseAddress(), s.node().bindPort(), ctx.caCertificatePem(), ctx::info)
                .awaitFirstControlPlane(s.run().timeouts().kubeletHealthCheck(),
                        s.run().timeouts().controlPlaneComponentHealthCheck(),
                        ControlPlanePhases.MANIFESTS);
    }

    static void uploadKubeadmConfig(InitContext ctx) {
        ctx.info("Storing the configuration used in ConfigMap \"kubeadm-config\" in the \"kube-system\" Namespace");
        ctx.api().createOrUpdate(ClusterConfigMaps.kubeadmConfig(ctx.settings()));
        BootstrapObjects.kubeadmConfigReaders().forEach(ctx.api()::createOrUpdate);
    }

    static void uploadKubeletConfig(InitContext ctx) {
        InitSettings s = ctx.settings();
        ctx.info("Creating a ConfigMap \"kubelet-config\" in namespace kube-system with the configuration for the"
                + " kubelets in the cluster");
        ctx.api().createOrUpdate(ClusterConfigMaps.kubeletConfig(KubeletFiles.config(ctx.dnsServiceIp(),
                s.cluster().networking().dnsDomain(), "", s.pki().certificatesDir() + "/ca.crt",
                s.components().kubeletConfiguration())));
        BootstrapObjects.kubeletConfigReaders().forEach(ctx.api()::createOrUpdate);
    }

    static void uploadCerts(InitContext ctx) {
        ClusterCerts.upload(ctx.api(), sharedCerts(ctx.host(), ctx.settings().pki().certificatesDir()), ctx.certificateKey(),
                Randomness.strong(), Instant.now());
        ctx.info("Storing the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace"
                + " (encrypted; the key is printed with the join command; the Secret is deleted in two hours)");
    }

    /** The node's files of {@link ClusterCerts#FILES}; a CA key may be missing (an external CA keeps it, as in kubeadm). */
    private static Map<String, byte[]> sharedCerts(Host host, String certificatesDir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : ClusterCerts.FILES) {
            String path = certificatesDir + "/" + file;
            Optional<byte[]> content = host.read(path);
            if (content.isPresent()) {
                files.put(file, content.get());
            } else if (!(file.endsWith(".key") && file.contains("ca"))) {
                throw new KbootException.StepFailed(host.name() + ": " + path + " is missing; cannot upload the certificates");
            }
        }
        return files;
    }

    static void markControlPlane(InitContext ctx) {
        ControlPlaneMark.mark(ctx.api(), ctx.nodeName(), ctx.settings().bootstrap().taints(),
                ctx.settings().run().timeouts().kubeletHealthCheck(), ctx::info);
    }

    static void bootstrapToken(InitContext ctx) {
        KubeApi api = ctx.api();
        for (InitBootstrap.TokenSpec spec : ctx.settings().bootstrap().tokens()) {
            BootstrapToken token = spec.token().orElseGet(() -> BootstrapToken.generate(Randomness.strong()));
            api.createOrUpdate(
                    BootstrapObjects.tokenSecret(token, spec.description(), Instant.now().plus(spec.ttl()), spec.usages(),
                            spec.groups()));
            ctx.addToken(token);
            ctx.info("Using token " + token + " (expires in " + spec.ttl().toHours() + "h)");
        }
        ctx.info("Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles");
        BootstrapObjects.rbac().forEach(api::createOrUpdate);
        api.createOrUpdate(BootstrapObjects.clusterInfo(ctx.controlPlaneUrl(), ctx.caCertificatePem()));
    }

    static void coreDns(InitContext ctx) {
        InitSettings s = ctx.settings();
        String image = s.components().images().coreDns(release(ctx).coredns());
        Addons.installCoreDns(ctx.api(), Addons.coreDns(image, s.cluster().networking().dnsDomain(), ctx.dnsServiceIp()),
                deployment -> {
                    NodeFiles.reportPatches(ctx.host(), ctx.reporter(), s.run().patches(), PatchTarget.COREDNS_DEPLOYMENT);
                    return s.run().patches().apply(PatchTarget.COREDNS_DEPLOYMENT, deployment);
                });
        ctx.info("Applied essential addon: CoreDNS");
    }

    static void kubeProxy(InitContext ctx) {
        InitSettings s = ctx.settings();
        String image = s.cluster().imageRepository() + "/kube-proxy:" + s.cluster().kubernetesVersion();
        String clusterCidr = s.cluster().networking().podSubnets().stream().map(Cidr::toString).collect(Collectors.joining(","));
        Addons.kubeProxy(image, ctx.controlPlaneUrl(), clusterCidr).forEach(ctx.api()::createOrUpdate);
        ctx.info("Applied essential addon: kube-proxy");
    }

    private static boolean hasPodNetwork(InitContext ctx) {
        return !ctx.settings().bootstrap().podNetworkManifest().isEmpty()
                || !ctx.settings().cluster().networking().podSubnets().isEmpty();
    }

    static void podNetwork(InitContext ctx) {
        List<ObjectNode> manifest = ctx.settings().bootstrap().podNetworkManifest();
        if (!manifest.isEmpty()) {
            // In file order, as kubectl apply -f: a CNI's CRDs come before what uses them.
            manifest.forEach(ctx.api()::createOrUpdate);
            ctx.info("Applied the pod network manifest (" + manifest.size() + " objects)");
            return;
        }
        Addons.builtInNetwork(Addons.NETD_IMAGE, ctx.controlPlaneUrl()).forEach(ctx.api()::createOrUpdate);
        ctx.info("Applied the built-in pod network (kboot-netd: CNI bridge, routes between nodes)");
    }

    static void showJoinCommand(InitContext ctx) {
        JoinCommand join = new JoinCommand(ctx.settings().pki().kubeconfigDir() + "/admin.conf", ctx.host().name(),
                ctx.controlPlaneUrl().replaceFirst("^https://", ""), CaPin.of(ctx.caCertificatePem()), ctx.tokens(),
                ctx.settings().bootstrap().uploadCerts() ? Optional.of(ctx.certificateKey()) : Optional.empty());
        if (join.secret()) {
            // the token, and with --upload-certs the certificate key
            ctx.reporter().secretResult(JoinCommand.TITLE, join.lines());
        } else {
            ctx.reporter().result(JoinCommand.TITLE, join.lines());
        }
    }

    static ComponentVersions.Release release(InitContext ctx) {
        return ComponentVersions.bundled().controlPlaneRelease(ctx.settings().cluster().kubernetesVersion());
    }
}
