package io.kboot.kubeconfig;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One kubeconfig kubeadm writes (phases/kubeconfig getKubeConfigSpecsBase): a client certificate
 * identity signed by the cluster CA, and the API server URL it talks to.
 *
 * @param name kubeadm's phase name ("admin", "controller-manager")
 * @param renewable whether `certs renew` handles it; kubelet.conf is left to the kubelet's own
 *     certificate rotation, as in kubeadm
 */
public record KubeconfigSpec(
        String name,
        String fileName,
        String summary,
        Function<KubeconfigSettings, String> user,
        List<String> organizations,
        Function<KubeconfigSettings, String> server,
        boolean renewable) {

    private static final List<KubeconfigSpec> KUBEADM = List.of(
            new KubeconfigSpec("admin", "admin.conf",
                    "kubeconfig file for the admin to use and for kubeadm itself",
                    s -> "kubernetes-admin", List.of("kubeadm:cluster-admins"),
                    KubeconfigSettings::controlPlaneUrl, true),
            new KubeconfigSpec("super-admin", "super-admin.conf",
                    "kubeconfig file for the super-admin (group system:masters, bypasses RBAC)",
                    s -> "kubernetes-super-admin", List.of("system:masters"),
                    KubeconfigSettings::controlPlaneUrl, true),
            // kubeadm v1.33+ (ControlPlaneKubeletLocalMode on by default): the kubelet of a control
            // plane node talks to its own API server.
            new KubeconfigSpec("kubelet", "kubelet.conf",
                    "kubeconfig file for the kubelet to use for TLS bootstrap on this node",
                    s -> "system:node:" + s.nodeName(), List.of("system:nodes"),
                    KubeconfigSettings::localApiUrl, false),
            new KubeconfigSpec("controller-manager", "controller-manager.conf",
                    "kubeconfig file for the controller manager to use",
                    s -> "system:kube-controller-manager", List.of(),
                    KubeconfigSettings::localApiUrl, true),
            new KubeconfigSpec("scheduler", "scheduler.conf",
                    "kubeconfig file for the scheduler to use",
                    s -> "system:kube-scheduler", List.of(),
                    KubeconfigSettings::localApiUrl, true));

    public KubeconfigSpec {
        organizations = List.copyOf(organizations);
    }

    /** kubeadm's order: admin, super-admin, kubelet, controller-manager, scheduler. */
    public static List<KubeconfigSpec> kubeadm() {
        return KUBEADM;
    }

    public static Optional<KubeconfigSpec> named(String name) {
        return KUBEADM.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    public static Optional<KubeconfigSpec> byFileName(String fileName) {
        return KUBEADM.stream().filter(s -> s.fileName.equals(fileName)).findFirst();
    }
}
