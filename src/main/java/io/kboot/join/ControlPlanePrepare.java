package io.kboot.join;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.Resource;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.node.NodeFiles;
import io.kboot.token.CertificateKey;
import io.kboot.token.ClusterCerts;
import io.kboot.workflow.Phase;
import io.kboot.workflow.RunIf;
import java.util.List;

/**
 * kubeadm join's control-plane-prepare, before the kubelet starts: the shared certificates from
 * the kubeadm-certs Secret, this node's own certificates and kubeconfigs signed with them, and the
 * static Pod manifests of the API server, controller manager and scheduler. Only with
 * --control-plane; a worker's run says so and does nothing.
 */
final class ControlPlanePrepare {
    static final String GROUP = "control-plane-prepare";
    /** kubeadm's CreateJoinControlPlaneKubeConfigFiles: no super-admin.conf, and kubelet.conf comes from TLS bootstrap. */
    static final List<String> KUBECONFIGS = List.of("admin", "controller-manager", "scheduler");

    private ControlPlanePrepare() {}

    static Phase<JoinContext> phase() {
        return Phase.group(GROUP, "Prepare the machine for serving a control plane (with --control-plane)",
                Phase.leaf("download-certs",
                        "Download the certificates shared among control-plane nodes from the kubeadm-certs Secret",
                        RunIf.when(ctx -> ctx.certificateKey().isPresent(), ctx -> "no --certificate-key; the shared"
                                + " certificates must already be in " + ctx.clusterSettings().pki().certificatesDir()),
                        ControlPlanePrepare::downloadCerts),
                Phase.leaf("certs", "Generate the certificates for the new control plane components", ControlPlanePrepare::certs),
                Phase.leaf("kubeconfig", "Generate the kubeconfig for the new control plane components",
                        ControlPlanePrepare::kubeconfig),
                Phase.leaf("control-plane", "Generate the manifests for the new control plane components",
                        ControlPlanePrepare::controlPlane))
                .runIf(CONTROL_PLANE_ONLY);
    }

    /** kjoin's control-plane phases act only with --control-plane; a worker's run skips them. */
    static final RunIf<JoinContext> CONTROL_PLANE_ONLY =
            RunIf.when(ctx -> ctx.settings().controlPlane(), "this node joins as a worker (no --control-plane)");

    static void downloadCerts(JoinContext ctx) {
        Host host = ctx.host();
        CertificateKey key = ctx.certificateKey().orElseThrow();
        String dir = ctx.clusterSettings().pki().certificatesDir();
        ObjectNode secret;
        try (ApiConnection connection = ctx.bootstrapConnection(ctx.settings().run().timeouts().kubernetesAPICall())) {
            secret = connection.api().get(Resource.of("v1", "Secret"), "kube-system", ClusterCerts.SECRET)
                    .orElseThrow(() -> new KbootException.StepFailed("kube-system/" + ClusterCerts.SECRET + " does not exist:"
                            + " it is deleted two hours after it was uploaded; upload it again on the first control plane with"
                            + " `kinit master phase upload-certs --upload-certs` and use the key it prints"));
        }
        // All or nothing: a wrong key fails here, before a file is written.
        List<ClusterCerts.File> files = ClusterCerts.decrypt(secret.path("data"), key);
        ctx.info("Downloading the certificates in Secret \"" + ClusterCerts.SECRET
                + "\" in the \"kube-system\" Namespace to " + dir);
        for (ClusterCerts.File file : files) {
            NodeFiles.writeIfChanged(host, dir + "/" + file.path(), file.content(),
                    file.privateKey() ? FileAttributes.PRIVATE : FileAttributes.PUBLIC);
        }
    }

    static void certs(JoinContext ctx) {
        Host host = ctx.host();
        String dir = ctx.clusterSettings().pki().certificatesDir();
        // Without the shared CAs Pki would make new ones: a second, unrelated cluster.
        List<String> missing = ClusterCerts.FILES.stream()
                .filter(f -> !f.endsWith("ca.key"))
                .filter(f -> !host.exists(dir + "/" + f)).toList();
        if (!missing.isEmpty()) {
            throw new KbootException.StepFailed(host.name() + ": the certificates shared by the control planes are missing from "
                    + dir + " (" + String.join(", ", missing)
                    + "): pass --certificate-key (kinit master --upload-certs prints it)"
                    + " or copy them from the first control plane");
        }
        ctx.pki().ensure("all");
    }

    static void kubeconfig(JoinContext ctx) {
        KUBECONFIGS.forEach(name -> ctx.kubeconfigs().ensure(name));
    }

    static void controlPlane(JoinContext ctx) {
        ControlPlaneSpec spec = ctx.controlPlaneNode().spec(ctx.host(), List.of());
        for (Component component : List.of(Component.KUBE_APISERVER, Component.KUBE_CONTROLLER_MANAGER,
                Component.KUBE_SCHEDULER)) {
            NodeFiles.writeManifest(ctx.host(), ctx.reporter(), ctx.manifestsDir(), component, spec,
                    ctx.settings().run().patches());
        }
    }

}
