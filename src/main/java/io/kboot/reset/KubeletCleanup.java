package io.kboot.reset;

import io.kboot.script.KeyValues;
import io.kboot.script.ShellTemplate;
import java.util.Set;

/**
 * cleanup-node/kubelet: stop the kubelet first, as kubeadm does, so it neither restarts the
 * containers removed next nor recreates its iptables chains. The unit stays enabled or disabled as
 * it was: host-prep undoes the enabling kboot did.
 */
final class KubeletCleanup {
    static final String PHASE = "cleanup-node/kubelet";
    /** systemctl is-active states in which the kubelet runs or is about to. */
    private static final Set<String> RUNNING = Set.of("active", "activating", "reloading", "refreshing", "deactivating");

    static final String CHECK = ShellTemplate.load("reset/kubelet/check.sh");
    static final String STOP = ShellTemplate.load("reset/kubelet/stop.sh");

    private KubeletCleanup() {}

    static void run(ResetContext ctx) {
        KeyValues facts = Scripts.check(ctx, PHASE, CHECK);
        String state = facts.value("state", "");
        if (state.equals("no-systemd")) {
            if (facts.value("running", "").equals("yes")) {
                ctx.warn(
                        "a kubelet runs, but not under systemd: kboot cannot stop it; stop it by hand before using this node"
                                + " again");
            } else {
                ctx.info("the kubelet is not running (no systemd on this node): nothing to stop");
            }
            return;
        }
        if (!RUNNING.contains(state)) {
            ctx.info("the kubelet is not running (" + (state.isEmpty() ? "no state" : state) + "): nothing to stop");
            return;
        }
        Scripts.change(ctx, PHASE, "stop", STOP);
        ctx.info("stopped the kubelet");
    }
}
