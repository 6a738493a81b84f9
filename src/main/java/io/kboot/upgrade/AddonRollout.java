package io.kboot.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.KbootException;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.api.Resource;
import io.kboot.config.AddonSwitches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Waits until CoreDNS and kube-proxy have rolled out, as {@code kubectl rollout status} judges it,
 * before the upgrade drains anything. kubeadm applies the addons and moves on; but while
 * kube-proxy's DaemonSet replaces its Pods, a node whose kube-proxy is restarting keeps its old
 * rules, so a Pod evicted then stays a Service endpoint there after it stopped (the upgrade lab
 * lost requests that way), and CoreDNS evicted mid-rollout leaves fewer answering replicas.
 */
final class AddonRollout {
    static final Resource DEPLOYMENT = Resource.of("apps/v1", "Deployment");
    static final Resource DAEMON_SET = Resource.of("apps/v1", "DaemonSet");

    private AddonRollout() {}

    static void await(UpgradeContext ctx) {
        KubeApi api = ctx.api();
        if (api.planning()) {
            ctx.info("Would wait for CoreDNS and kube-proxy to roll out");
            return;
        }
        AddonSwitches enabled = ctx.cluster().components().addons();
        String names = names(enabled);
        if (names.isEmpty()) {
            ctx.info("CoreDNS and kube-proxy are disabled (kube-system/kubeadm-config): nothing rolls out");
            return;
        }
        Duration bound = ctx.settings().run().timeouts().upgradeManifests();
        KubeApi once = api.once();
        List<String> last = new ArrayList<>();
        try {
            ApiRetry.within(bound).reporting(ctx::info).until(names + " rolled out",
                    names + " had Pods not updated or not available", () -> {
                        last.clear();
                        last.addAll(lagging(once, enabled));
                        return last.isEmpty() ? Optional.of(true) : Optional.empty();
                    });
        } catch (KbootException.StepFailed e) {
            throw new KbootException.StepFailed(e.getMessage() + " (" + String.join("; ", last) + "; see `kubectl -n"
                    + " kube-system get pods -o wide`); nothing was drained yet");
        }
        ctx.info(names + " rolled out");
    }

    /** "CoreDNS and kube-proxy", one of them, or "" when both are disabled. */
    static String names(AddonSwitches enabled) {
        List<String> names = new ArrayList<>();
        if (enabled.coreDns()) {
            names.add("CoreDNS");
        }
        if (enabled.kubeProxy()) {
            names.add("kube-proxy");
        }
        return String.join(" and ", names);
    }

    /**
     * What has not rolled out yet, one phrase each; empty when every enabled addon has (or is not
     * installed). A disabled addon is not waited for: kubeadm's upgrade skips it.
     */
    static List<String> lagging(KubeApi api, AddonSwitches enabled) {
        List<String> lagging = new ArrayList<>();
        if (enabled.coreDns()) {
            api.get(DEPLOYMENT, "kube-system", "coredns").flatMap(AddonRollout::deploymentLag)
                    .ifPresent(lag -> lagging.add("Deployment coredns: " + lag));
        }
        if (enabled.kubeProxy()) {
            api.get(DAEMON_SET, "kube-system", "kube-proxy").flatMap(AddonRollout::daemonSetLag)
                    .ifPresent(lag -> lagging.add("DaemonSet kube-proxy: " + lag));
        }
        return lagging;
    }

    /** kubectl's DeploymentStatusViewer: the controller saw the change, every replica updated and available, no old one left. */
    static Optional<String> deploymentLag(JsonNode deployment) {
        JsonNode status = deployment.path("status");
        if (status.path("observedGeneration").asLong() < deployment.path("metadata").path("generation").asLong()) {
            return Optional.of("the new spec is not observed yet");
        }
        long wanted = deployment.path("spec").path("replicas").asLong(1);
        long updated = status.path("updatedReplicas").asLong();
        long total = status.path("replicas").asLong();
        long available = status.path("availableReplicas").asLong();
        if (updated < wanted) {
            return Optional.of(updated + " of " + wanted + " replicas updated");
        }
        if (total > updated) {
            return Optional.of((total - updated) + " old replica(s) pending termination");
        }
        if (available < updated) {
            return Optional.of(available + " of " + updated + " updated replicas available");
        }
        return Optional.empty();
    }

    /** kubectl's DaemonSetStatusViewer: the controller saw the change, every node's Pod updated and available. */
    static Optional<String> daemonSetLag(JsonNode daemonSet) {
        JsonNode status = daemonSet.path("status");
        if (status.path("observedGeneration").asLong() < daemonSet.path("metadata").path("generation").asLong()) {
            return Optional.of("the new spec is not observed yet");
        }
        long desired = status.path("desiredNumberScheduled").asLong();
        long updated = status.path("updatedNumberScheduled").asLong();
        long available = status.path("numberAvailable").asLong();
        if (updated < desired) {
            return Optional.of(updated + " of " + desired + " Pods updated");
        }
        if (available < desired) {
            return Optional.of(available + " of " + desired + " updated Pods available");
        }
        return Optional.empty();
    }
}
