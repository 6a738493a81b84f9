package io.kboot.reset;

import io.kboot.KbootException;
import io.kboot.host.Command;
import io.kboot.host.Host;

/**
 * preflight, as kubeadm reset's: the one check (the reset runs as root) and the operator's yes.
 * The check comes first, so nobody confirms a reset that cannot run.
 */
final class ResetPreflight {
    static final String PHASE = "preflight";

    private ResetPreflight() {}

    static void run(ResetContext ctx) {
        Host host = ctx.host();
        String uid = host.exec(Command.query(Scripts.marker(PHASE, "check") + "id -u")).orFail(host, "checking the user").stdout()
                .strip();
        if (!uid.equals("0")) {
            throw new KbootException.PreflightFailed(
                    host.name() + ": [ERROR IsPrivilegedUser]: kboot reset must run as root on the node"
                            + " (it runs as uid " + uid + "); connect as root, or add --sudo");
        }
        String question = "kboot reset reverts what kinit and kjoin did on " + host.name()
                + ": it removes this node's etcd member,"
                + " stops the kubelet, removes its containers, deletes /etc/kubernetes, /var/lib/kubelet, the etcd data, the CNI"
                + " configuration and the KUBE-*/CNI-* iptables chains, and undoes host preparation. Are you sure you want to"
                + " proceed?";
        if (!ctx.confirmation().confirm(host.name(), question)) {
            throw new KbootException.StepFailed("reset of " + host.name() + " not confirmed: nothing was changed");
        }
        ctx.info("running as root; reset confirmed");
    }
}
