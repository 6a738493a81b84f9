package io.kboot.reset;

import java.util.List;
import java.util.Map;
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

    static final String CHECK = """
            if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
              echo "state=$(systemctl is-active kubelet 2>/dev/null)"
            else
              echo "state=no-systemd"
              if command -v pgrep >/dev/null 2>&1 && pgrep -x kubelet >/dev/null 2>&1; then echo "running=yes"; fi
            fi
            """;

    static final String STOP = """
            systemctl stop kubelet || kb_warn 'stop the kubelet (systemctl stop kubelet)'
            state=$(systemctl is-active kubelet 2>/dev/null)
            case "$state" in active|activating|reloading|refreshing) kb_warn "stop the kubelet: it is still $state";; esac
            """;

    private KubeletCleanup() {}

    static void run(ResetContext ctx) {
        Map<String, List<String>> facts = Scripts.check(ctx, PHASE, CHECK);
        String state = Scripts.value(facts, "state");
        if (state.equals("no-systemd")) {
            if (Scripts.value(facts, "running").equals("yes")) {
                ctx.warn("a kubelet runs, but not under systemd: kboot cannot stop it; stop it by hand before using this node again");
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
