package io.kboot.init;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.api.ApiException;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.token.BootstrapObjects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * kubeadm's EnsureAdminClusterRoleBinding: admin.conf's group needs the kubeadm:cluster-admins
 * binding, made with super-admin.conf when admin.conf is forbidden to make it. The admin's 403 is
 * the answer here, not a state to wait out; everything else rides out a restarting API server like
 * any call.
 */
final class ClusterAdmins {
    private ClusterAdmins() {}

    static void ensure(KubeApi admin, Supplier<KubeApi> superAdmin, ApiRetry retry, Consumer<String> progress) {
        ObjectNode binding = BootstrapObjects.clusterAdmins().get(0);
        try {
            admin.withRetry(retry.refusalsFinal()).createIfAbsent(binding);
            return;
        } catch (ApiException e) {
            if (!e.isForbidden()) {
                throw e;
            }
        }
        superAdmin.get().createIfAbsent(binding);
        progress.accept("Created ClusterRoleBinding kubeadm:cluster-admins (with super-admin.conf)");
    }
}
