package io.kboot.reset;

import java.util.List;
import java.util.Map;

/**
 * cleanup-node/network: the bridge kboot-netd's CNI configuration has the bridge plugin make
 * ({@code cni0}, scripts/k8s/kboot-netd), with whatever veths are still attached to it. A pod's
 * veth normally goes with its network namespace (cleanup-node/containers); one left behind would
 * keep a stale address on the node. Routes kboot-netd added to other nodes' pod CIDRs stay: they
 * look like any static route, and a node that joins again gets them replaced.
 */
final class NetworkCleanup {
    static final String PHASE = "cleanup-node/network";
    static final String BRIDGE = "cni0";

    static final String CHECK = """
            if command -v ip >/dev/null 2>&1 && ip -o -d link show cni0 2>/dev/null | grep -q ' bridge '; then
              echo "bridge=cni0"
              ip -o link show master cni0 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print "port=" $2}'
            fi
            """;

    static final String DELETE = """
            for port in $(ip -o link show master cni0 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}'); do
              ip link delete "$port" 2>/dev/null || kb_warn "delete $port, a port of the cni0 bridge"
            done
            if ip link show cni0 >/dev/null 2>&1; then ip link delete cni0 || kb_warn 'delete the cni0 bridge'; fi
            """;

    private NetworkCleanup() {}

    static void run(ResetContext ctx) {
        Map<String, List<String>> facts = Scripts.check(ctx, PHASE, CHECK);
        if (Scripts.value(facts, "bridge").isEmpty()) {
            ctx.info("no " + BRIDGE + " bridge: nothing to delete");
            return;
        }
        List<String> ports = Scripts.values(facts, "port");
        Scripts.change(ctx, PHASE, "delete", DELETE);
        ctx.info("deleted the " + BRIDGE + " bridge" + (ports.isEmpty() ? "" : " and " + ports.size() + " interface(s) attached to it"));
    }
}
