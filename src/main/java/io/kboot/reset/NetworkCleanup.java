package io.kboot.reset;

import io.kboot.script.KeyValues;
import java.util.List;

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

    static final String CHECK = Scripts.template("network/check").word("bridge", BRIDGE).render();
    static final String DELETE = Scripts.template("network/delete").word("bridge", BRIDGE).render();

    private NetworkCleanup() {}

    static void run(ResetContext ctx) {
        KeyValues facts = Scripts.check(ctx, PHASE, CHECK);
        if (facts.value("bridge", "").isEmpty()) {
            ctx.info("no " + BRIDGE + " bridge: nothing to delete");
            return;
        }
        List<String> ports = facts.values("port");
        Scripts.change(ctx, PHASE, "delete", DELETE);
        ctx.info("deleted the " + BRIDGE + " bridge"
                + (ports.isEmpty() ? "" : " and " + ports.size() + " interface(s) attached to it"));
    }
}
