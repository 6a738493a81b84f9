package io.kboot.upgrade;

import io.kboot.controlplane.Component;
import java.util.List;

/**
 * The certificates an upgrade renews before each component's new manifest starts, kubeadm's
 * renewCertsByComponent (phases/upgrade/staticpods.go): what the component serves and presents,
 * the controller manager's and scheduler's in their kubeconfigs. kboot's etcd is always local.
 */
final class ComponentCerts {
    private ComponentCerts() {}

    static List<String> of(Component component) {
        return switch (component) {
            case ETCD -> List.of("etcd-server", "etcd-peer", "etcd-healthcheck-client");
            case KUBE_APISERVER -> List.of("apiserver", "apiserver-kubelet-client", "front-proxy-client",
                    "apiserver-etcd-client");
            case KUBE_CONTROLLER_MANAGER -> List.of("controller-manager.conf");
            case KUBE_SCHEDULER -> List.of("scheduler.conf");
        };
    }

    /** Renewed once every component runs its new manifest: kubeadm upgrade's admin kubeconfigs. */
    static final List<String> ADMIN_KUBECONFIGS = List.of("admin.conf", "super-admin.conf");
}
