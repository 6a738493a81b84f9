package io.kboot.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.addons.Addons;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.Cidr;
import io.kboot.config.InitSettings;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.kubeconfig.KubeconfigSettings;
import io.kboot.node.NodeFiles;
import io.kboot.patches.PatchTarget;
import io.kboot.templates.Templates;
import io.kboot.token.BootstrapObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The phases of kubeadm's upgrade that act on the cluster rather than the node: upload-config
 * (the ClusterConfiguration's kubernetesVersion moved to the target, every other field kept as
 * stored), kubeconfig (admin.conf and super-admin.conf renewed), bootstrap-token (the RBAC rules
 * joining nodes rely on, as the new release has them) and addon (CoreDNS and kube-proxy at the
 * target's images, once no control plane runs the previous API server: kubeadm's rule).
 */
final class ClusterUpgrade {
    private static final Resource CONFIG_MAP = Resource.of("v1", "ConfigMap");
    private static final Resource POD = Resource.of("v1", "Pod");
    private static final Resource DEPLOYMENT = Resource.of("apps/v1", "Deployment");
    private static final Resource DAEMON_SET = Resource.of("apps/v1", "DaemonSet");

    private ClusterUpgrade() {}

    /**
     * kube-system/kubeadm-config at the target release. The stored document is changed in one field
     * only, so what kboot does not model (a kubeadm-made cluster's own fields) survives.
     */
    static void uploadConfig(UpgradeContext ctx) {
        KubeApi api = ctx.api();
        ObjectNode configMap = api.get(CONFIG_MAP, "kube-system", "kubeadm-config").orElseThrow();
        ObjectNode cluster = (ObjectNode) Templates.parseYaml(configMap.path("data").path("ClusterConfiguration").asText());
        cluster.put("kubernetesVersion", ctx.targetVersion().toString());
        ((ObjectNode) configMap.path("data")).put("ClusterConfiguration", Templates.toYaml(cluster));
        ((ObjectNode) configMap.path("metadata")).remove(List.of("resourceVersion", "uid", "creationTimestamp",
                "managedFields"));
        api.createOrUpdate(configMap);
        BootstrapObjects.kubeadmConfigReaders().forEach(api::createOrUpdate);
        BootstrapObjects.kubeletConfigReaders().forEach(api::createOrUpdate);
        ctx.info("Stored the configuration at " + ctx.targetVersion() + " in ConfigMap \"kubeadm-config\" in the"
                + " \"kube-system\" Namespace");
    }

    static void renewAdminKubeconfigs(UpgradeContext ctx) {
        List<String> renewed = ctx.certificates().renewExisting(ComponentCerts.ADMIN_KUBECONFIGS);
        ctx.info("Renewed " + (renewed.isEmpty() ? "no admin kubeconfig (none found)" : String.join(" and ", renewed)));
    }

    static void bootstrapTokenRbac(UpgradeContext ctx) {
        BootstrapObjects.rbac().forEach(ctx.api()::createOrUpdate);
        ctx.info("Configured the RBAC rules for bootstrap tokens, node certificate approval and rotation");
    }

    /** True once every control plane's kube-apiserver Pod runs the target's image. */
    static boolean controlPlanesAtTarget(UpgradeContext ctx) {
        return apiServersBehind(ctx).isEmpty();
    }

    /** Why the addons wait: the API servers that still run another release (kubeadm upgrades them after the last). */
    static String addonsWaitFor(UpgradeContext ctx) {
        return String.join(", ", apiServersBehind(ctx)) + " still run(s) another release; the addons follow the last control"
                + " plane";
    }

    private static List<String> apiServersBehind(UpgradeContext ctx) {
        String tag = ":" + ctx.targetVersion();
        List<String> behind = new ArrayList<>();
        for (JsonNode pod : ctx.api().listLabeled(POD, "kube-system", "component=kube-apiserver")) {
            for (JsonNode container : pod.path("spec").path("containers")) {
                if (!container.path("image").asText().endsWith(tag)) {
                    behind.add(pod.path("metadata").path("name").asText());
                }
            }
        }
        return behind;
    }

    static void coreDns(UpgradeContext ctx) {
        InitSettings s = ctx.cluster();
        if (!s.components().addons().coreDns()) {
            ctx.info("Skipping the addon/coredns phase. The addon is disabled (dns.disabled in kube-system/kubeadm-config).");
            return;
        }
        if (ctx.api().get(DEPLOYMENT, "kube-system", "coredns").isEmpty()) {
            ctx.info("CoreDNS is not installed (no kube-system/coredns Deployment): not upgrading it");
            return;
        }
        String image = s.components().images().coreDns(ComponentVersions.bundled().controlPlaneRelease(ctx.targetVersion())
                .coredns());
        String dnsIp = s.cluster().networking().dnsServiceIp();
        Addons.installCoreDns(ctx.api(), Addons.coreDns(image, s.cluster().networking().dnsDomain(), dnsIp), deployment -> {
            NodeFiles.reportPatches(ctx.host(), ctx.reporter(), s.run().patches(), PatchTarget.COREDNS_DEPLOYMENT);
            return s.run().patches().apply(PatchTarget.COREDNS_DEPLOYMENT, deployment);
        });
        ctx.info("Applied essential addon: CoreDNS (" + image + ")");
    }

    static void kubeProxy(UpgradeContext ctx) {
        InitSettings s = ctx.cluster();
        if (!s.components().addons().kubeProxy()) {
            ctx.info(
                    "Skipping the addon/kube-proxy phase. The addon is disabled (proxy.disabled in kube-system/kubeadm-config).");
            return;
        }
        if (ctx.api().get(DAEMON_SET, "kube-system", "kube-proxy").isEmpty()) {
            ctx.info("kube-proxy is not installed (no kube-system/kube-proxy DaemonSet): not upgrading it");
            return;
        }
        String image = s.cluster().imageRepository() + "/kube-proxy:" + ctx.targetVersion();
        String clusterCidr = s.cluster().networking().podSubnets().stream().map(Cidr::toString).collect(Collectors.joining(","));
        String server = KubeconfigSettings.from(ctx.controlPlaneNode().pkiSettings(), s.node().bindPort()).controlPlaneUrl();
        Addons.kubeProxy(image, server, clusterCidr).forEach(ctx.api()::createOrUpdate);
        ctx.info("Applied essential addon: kube-proxy (" + image + ")");
    }
}
