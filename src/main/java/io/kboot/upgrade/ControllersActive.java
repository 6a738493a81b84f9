package io.kboot.upgrade;

import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * After a control plane's kubelet is upgraded, the controller manager and the scheduler each renewing
 * their leader Lease again, before the upgrade goes on to drain workers. A new kubelet may restart
 * the static Pods, and the loaded API server with them; a controller manager that lost its lease
 * runs no EndpointSlice controller until it wins it back, so a pod evicted meanwhile stays an
 * endpoint of its Services long after it stopped (the lab: 2 minutes, one request in three failing).
 * A renewal seen after the Node is Ready (the renewTime moving on, both values written by the leader:
 * no clock of this machine involved) means a leader works now.
 */
final class ControllersActive {
    static final List<String> LEASES = List.of("kube-controller-manager", "kube-scheduler");
    private static final Resource LEASE = Resource.of("coordination.k8s.io/v1", "Lease");

    private ControllersActive() {}

    static void await(KubeApi api, Duration bound, Consumer<String> info) {
        if (api.planning()) {
            info.accept("Would wait for kube-controller-manager and kube-scheduler to renew their leader leases");
            return;
        }
        KubeApi once = api.once();
        Map<String, String> first = new HashMap<>();
        ApiRetry.within(bound).reporting(info).until("kube-controller-manager and kube-scheduler leading again",
                "kube-controller-manager or kube-scheduler did not renew its leader lease in kube-system",
                () -> {
                    for (String name : LEASES) {
                        Optional<String> renewed = once.get(LEASE, "kube-system", name)
                                .map(l -> l.path("spec").path("renewTime").asText(""));
                        if (renewed.isEmpty() || renewed.get().isEmpty()) {
                            return Optional.empty();
                        }
                        String seen = first.putIfAbsent(name, renewed.get());
                        if (seen == null || seen.equals(renewed.get())) {
                            return Optional.empty();
                        }
                    }
                    return Optional.of(true);
                });
        info.accept("kube-controller-manager and kube-scheduler renewed their leader leases");
    }
}
