package io.kboot.init;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.addons.Addons;
import io.kboot.api.ApiException;
import io.kboot.api.ApiRetry;
import io.kboot.api.HealthCheck;
import io.kboot.api.KubeApi;
import io.kboot.config.Cidr;
import io.kboot.config.InitBootstrap;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.controlplane.ClusterConfigMaps;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.host.Host;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.node.ControlPlaneMark;
import io.kboot.node.NodeFiles;
import io.kboot.patches.PatchTarget;
import io.kboot.pki.CaPin;
import io.kboot.pki.ClientTls;
import io.kboot.token.BootstrapObjects;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CertificateKey;
import io.kboot.token.ClusterCerts;
import io.kboot.workflow.Phase;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The phases of {@code kinit master} that talk to the running control plane, in kubeadm's order:
 * wait for it to be healthy, upload the cluster's configuration, upload the control-plane
 * certificates (with --upload-certs), mark the node, create the bootstrap tokens and everything
 * joining nodes rely on, install the addons, and print the join command.
 */
final class ClusterPhases {
    static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The control-plane files kubeadm's copycerts shares, Secret key = file name with "/" as "-". */
    static final List<String> SHARED_CERTS = ClusterCerts.FILES;
    static final String CERTS_SECRET = ClusterCerts.SECRET;

    private ClusterPhases() {}

    static Phase<InitContext> waitControlPlane() {
        return Phase.leaf("wait-control-plane", "Wait for the kubelet and the control plane components to be healthy",
                ClusterPhases::waitControlPlane);
    }

    static Phase<InitContext> uploadConfig() {
        return Phase.group("upload-config", "Upload the kubeadm and kubelet configuration to ConfigMaps",
                Phase.leaf("kubeadm", "Upload the kubeadm ClusterConfiguration to a ConfigMap", ClusterPhases::uploadKubeadmConfig),
                Phase.leaf("kubelet", "Upload the kubelet configuration to a ConfigMap", ClusterPhases::uploadKubeletConfig));
    }

    static Phase<InitContext> uploadCerts() {
        return Phase.leaf("upload-certs", "Upload the control-plane certificates to the kubeadm-certs Secret (with --upload-certs)",
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
                Phase.leaf("pod-network", "Apply --pod-network-manifest, else kboot's built-in pod network (with --pod-network-cidr)",
                        ClusterPhases::podNetwork));
    }

    static Phase<InitContext> showJoinCommand() {
        return Phase.leaf("show-join-command", "Print the command that joins nodes", ClusterPhases::showJoinCommand);
    }

    // ---- wait-control-plane ----

    static void waitControlPlane(InitContext ctx) {
        Host host = ctx.host();
        InitSettings s = ctx.settings();
        Consumer<String> progress = m -> ctx.reporter().info(host.name(), m);
        progress.accept("Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz (up to "
                + s.run().timeouts().kubeletHealthCheck().toSeconds() + "s)");
        HealthCheck.await(host, List.of(HealthCheck.KUBELET),
                s.run().timeouts().kubeletHealthCheck(), progress);
        String advertise = IpAddresses.format(ctx.advertiseAddress());
        SSLContext apiTls = ClientTls.trusting(ctx.caCertificatePem(), advertise);
        SSLContext selfSigned = ClientTls.insecure();
        Duration bound = s.run().timeouts().controlPlaneComponentHealthCheck();
        progress.accept("Waiting for healthy control plane components (up to " + bound.toSeconds()
                + "s); the kubelet is starting them as static Pods from " + ControlPlanePhases.MANIFESTS);
        HealthCheck.await(host, List.of(
                new HealthCheck.Endpoint("kube-apiserver", "https", advertise, s.node().bindPort(), "/livez", apiTls),
                new HealthCheck.Endpoint("kube-controller-manager", "https", "127.0.0.1", 10257, "/healthz", selfSigned),
                new HealthCheck.Endpoint("kube-scheduler", "https", "127.0.0.1", 10259, "/livez", selfSigned)),
                bound, progress);
        HealthCheck.await(host, List.of(new HealthCheck.Endpoint("kube-apiserver (ready)", "https", advertise,
                s.node().bindPort(), "/readyz", apiTls)), bound, progress);
    }

    // ---- upload-config ----

    static void uploadKubeadmConfig(InitContext ctx) {
        KubeApi api = ctx.api();
        ctx.reporter().info(ctx.host().name(), "Storing the configuration used in ConfigMap \"kubeadm-config\" in the \"kube-system\" Namespace");
        api.createOrUpdate(ClusterConfigMaps.kubeadmConfig(ctx.settings()));
        rbacNamed(api, "kubeadm:nodes-kubeadm-config");
    }

    static void uploadKubeletConfig(InitContext ctx) {
        InitSettings s = ctx.settings();
        KubeApi api = ctx.api();
        ctx.reporter().info(ctx.host().name(), "Creating a ConfigMap \"kubelet-config\" in namespace kube-system with the configuration for the kubelets in the cluster");
        String dnsDomain = s.cluster().networking().dnsDomain();
        api.createOrUpdate(ClusterConfigMaps.kubeletConfig(KubeletFiles.config(ctx.dnsServiceIp(), dnsDomain, "",
                s.pki().certificatesDir() + "/ca.crt", s.components().kubeletConfiguration())));
        rbacNamed(api, "kubeadm:kubelet-config");
    }

    /** The Role and RoleBinding (or ClusterRole/Binding) of that name from the bootstrap RBAC. */
    private static void rbacNamed(KubeApi api, String name) {
        BootstrapObjects.rbac().stream().filter(o -> o.path("metadata").path("name").asText().equals(name))
                .forEach(api::createOrUpdate);
    }

    // ---- upload-certs ----

    static void uploadCerts(InitContext ctx) {
        if (!ctx.settings().bootstrap().uploadCerts()) {
            ctx.reporter().info(ctx.host().name(), "Skipping: --upload-certs was not given");
            return;
        }
        Host host = ctx.host();
        InitSettings s = ctx.settings();
        CertificateKey key = ctx.certificateKey();
        KubeApi api = ctx.api();
        // kubeadm ties the Secret's life to a short-lived token: when the token expires, the
        // token cleaner deletes it, and the garbage collector the Secret it owns.
        BootstrapToken owner = BootstrapToken.generate(RANDOM);
        ObjectNode ownerSecret = api.createOrUpdate(BootstrapObjects.tokenSecret(owner,
                Optional.of("Proxy for managing TTL for the kubeadm-certs secret"), Instant.now().plus(Duration.ofHours(2)),
                List.of(), List.of()));
        ObjectNode secret = NODES.objectNode().put("apiVersion", "v1").put("kind", "Secret");
        ObjectNode metadata = secret.putObject("metadata").put("name", CERTS_SECRET).put("namespace", "kube-system");
        metadata.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Secret")
                .put("name", "bootstrap-token-" + owner.id()).put("uid", ownerSecret.path("metadata").path("uid").asText())
                .put("blockOwnerDeletion", true).put("controller", true);
        secret.put("type", "Opaque");
        ObjectNode data = secret.putObject("data");
        for (String file : SHARED_CERTS) {
            String path = s.pki().certificatesDir() + "/" + file;
            Optional<byte[]> content = host.read(path);
            if (content.isEmpty()) {
                if (file.endsWith(".key") && file.contains("ca")) {
                    continue; // external CA: the key stays with its owner, as in kubeadm
                }
                throw new KbootException.StepFailed(host.name() + ": " + path + " is missing; cannot upload the certificates");
            }
            data.put(ClusterCerts.secretKey(file), Base64.getEncoder().encodeToString(key.encrypt(content.get(), RANDOM)));
        }
        api.createOrUpdate(secret);
        api.createOrUpdate(certsRole());
        api.createOrUpdate(certsRoleBinding());
        ctx.reporter().info(host.name(), "Storing the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace"
                + " (encrypted; the key is printed with the join command; the Secret is deleted in two hours)");
    }

    private static ObjectNode certsRole() {
        ObjectNode role = NODES.objectNode().put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "Role");
        role.putObject("metadata").put("name", "kubeadm:kubeadm-certs").put("namespace", "kube-system");
        ObjectNode rule = role.putArray("rules").addObject();
        rule.putArray("apiGroups").add("");
        rule.putArray("resourceNames").add(CERTS_SECRET);
        rule.putArray("resources").add("secrets");
        rule.putArray("verbs").add("get");
        return role;
    }

    private static ObjectNode certsRoleBinding() {
        ObjectNode binding = NODES.objectNode().put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "RoleBinding");
        binding.putObject("metadata").put("name", "kubeadm:kubeadm-certs").put("namespace", "kube-system");
        binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "Role").put("name", "kubeadm:kubeadm-certs");
        binding.putArray("subjects").addObject().put("kind", "Group").put("name", BootstrapObjects.NODE_TOKEN_GROUP);
        return binding;
    }

    // ---- mark-control-plane ----

    static void markControlPlane(InitContext ctx) {
        ControlPlaneMark.mark(ctx.api(), ctx.nodeName(), ctx.settings().bootstrap().taints(),
                ctx.settings().run().timeouts().kubeletHealthCheck(), m -> ctx.reporter().info(ctx.host().name(), m));
    }

    // ---- bootstrap-token ----

    static void bootstrapToken(InitContext ctx) {
        KubeApi api = ctx.api();
        String host = ctx.host().name();
        for (InitBootstrap.TokenSpec spec : ctx.settings().bootstrap().tokens()) {
            BootstrapToken token = spec.token().orElseGet(() -> BootstrapToken.generate(RANDOM));
            api.createOrUpdate(BootstrapObjects.tokenSecret(token, spec.description(), Instant.now().plus(spec.ttl()), spec.usages(),
                    spec.groups()));
            ctx.addToken(token);
            ctx.reporter().info(host, "Using token " + token + " (expires in " + spec.ttl().toHours() + "h)");
        }
        ctx.reporter().info(host, "Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles");
        BootstrapObjects.rbac().forEach(api::createOrUpdate);
        api.createOrUpdate(BootstrapObjects.clusterInfo(ctx.controlPlaneUrl(), ctx.caCertificatePem()));
    }

    // ---- addons ----

    static void coreDns(InitContext ctx) {
        InitSettings s = ctx.settings();
        String image = s.cluster().imageRepository() + "/coredns/coredns:" + release(ctx).coredns();
        KubeApi api = ctx.api();
        for (ObjectNode object : Addons.coreDns(image, s.cluster().networking().dnsDomain(), ctx.dnsServiceIp())) {
            // The Corefile is the user's to change: kubeadm keeps an existing one.
            if (object.path("kind").asText().equals("ConfigMap")) {
                api.createIfAbsent(object);
            } else if (object.path("kind").asText().equals("Deployment")) {
                NodeFiles.reportPatches(ctx.host(), ctx.reporter(), s.run().patches(), PatchTarget.COREDNS_DEPLOYMENT);
                api.createOrUpdate(s.run().patches().apply(PatchTarget.COREDNS_DEPLOYMENT, object));
            } else {
                api.createOrUpdate(object);
            }
        }
        ctx.reporter().info(ctx.host().name(), "Applied essential addon: CoreDNS");
    }

    static void kubeProxy(InitContext ctx) {
        InitSettings s = ctx.settings();
        String image = s.cluster().imageRepository() + "/kube-proxy:" + s.cluster().kubernetesVersion();
        String clusterCidr = s.cluster().networking().podSubnets().stream().map(Cidr::toString).collect(Collectors.joining(","));
        Addons.kubeProxy(image, ctx.controlPlaneUrl(), clusterCidr).forEach(ctx.api()::createOrUpdate);
        ctx.reporter().info(ctx.host().name(), "Applied essential addon: kube-proxy");
    }

    static void podNetwork(InitContext ctx) {
        List<ObjectNode> manifest = ctx.settings().bootstrap().podNetworkManifest();
        if (!manifest.isEmpty()) {
            // In file order, as kubectl apply -f: a CNI's CRDs come before what uses them.
            manifest.forEach(ctx.api()::createOrUpdate);
            ctx.reporter().info(ctx.host().name(), "Applied the pod network manifest (" + manifest.size() + " objects)");
            return;
        }
        if (ctx.settings().cluster().networking().podSubnets().isEmpty()) {
            ctx.reporter().info(ctx.host().name(), "Skipping the built-in pod network: no --pod-network-cidr; install a CNI of your choice");
            return;
        }
        Addons.builtInNetwork(Addons.NETD_IMAGE, ctx.controlPlaneUrl()).forEach(ctx.api()::createOrUpdate);
        ctx.reporter().info(ctx.host().name(), "Applied the built-in pod network (kboot-netd: CNI bridge, routes between nodes)");
    }

    // ---- show-join-command ----

    static void showJoinCommand(InitContext ctx) {
        String endpoint = ctx.controlPlaneUrl().replaceFirst("^https://", "");
        String pin = CaPin.of(ctx.caCertificatePem()).toString();
        List<BootstrapToken> tokens = ctx.tokens();
        List<String> lines = new ArrayList<>();
        lines.add("The admin kubeconfig is " + ctx.settings().pki().kubeconfigDir() + "/admin.conf on " + ctx.host().name()
                + ".");
        lines.add("");
        if (tokens.isEmpty()) {
            lines.add("No token was created in this run; make one with: kboot token create --print-join-command");
        } else {
            String join = "kjoin " + endpoint + " --token " + tokens.get(0).reveal() + " --discovery-token-ca-cert-hash " + pin;
            lines.add("Join worker nodes (run for each, add --host user@node to do it over SSH):");
            lines.add("");
            lines.add("  " + join);
            if (ctx.settings().bootstrap().uploadCerts()) {
                lines.add("");
                lines.add("Join further control-plane nodes (the certificates are deleted in two hours):");
                lines.add("");
                lines.add("  " + join + " --control-plane --certificate-key " + ctx.certificateKey().reveal());
            }
        }
        String title = "Your Kubernetes control plane has initialized successfully!";
        if (tokens.isEmpty()) {
            ctx.reporter().result(title, lines);
        } else {
            ctx.reporter().secretResult(title, lines); // the token, and with --upload-certs the certificate key
        }
    }

    static ComponentVersions.Release release(InitContext ctx) {
        return ComponentVersions.bundled().controlPlaneRelease(ctx.settings().cluster().kubernetesVersion());
    }

    /**
     * kubeadm's EnsureAdminClusterRoleBinding: admin.conf's group needs this binding, made with
     * super-admin.conf when admin.conf is forbidden to make it. The admin's 403 is the answer here,
     * not a state to wait out; everything else rides out a restarting API server like any call.
     */
    static void ensureClusterAdmins(InitContext ctx, KubeApi admin, java.util.function.Supplier<KubeApi> superAdmin) {
        ObjectNode binding = BootstrapObjects.rbac().stream()
                .filter(o -> o.path("metadata").path("name").asText().equals("kubeadm:cluster-admins")).findFirst().orElseThrow();
        try {
            admin.withRetry(ApiRetry.within(ctx.settings().run().timeouts().kubernetesAPICall()).refusalsFinal())
                    .createIfAbsent(binding);
            return;
        } catch (ApiException e) {
            if (!e.isForbidden()) {
                throw e;
            }
        }
        superAdmin.get().createIfAbsent(binding);
        ctx.reporter().info(ctx.host().name(), "Created ClusterRoleBinding kubeadm:cluster-admins (with super-admin.conf)");
    }
}
