package io.kboot.cli;

import io.kboot.upgrade.UpgradeContext;
import io.kboot.upgrade.UpgradeWorkflow;
import io.kboot.workflow.Workflow;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kboot upgrade node}: kubeadm upgrade node, plus the kubelet, on every node after the first control plane. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {
            "Upgrade one more node to the release the first control plane was upgraded to (kboot upgrade apply): on a control"
                    + " plane its static Pods one at a time, as upgrade apply does; on every node the kubelet configuration"
                    + " and the kubelet (drain, new kubelet and kubectl, restart, Ready, uncordon). The last control plane"
                    + " also upgrades CoreDNS and kube-proxy.",
            "",
            "A worker has no admin kubeconfig: give one with --kubeconfig (a copy of a control plane's admin.conf)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot upgrade node --host root@10.0.0.11 --bundle kboot-v1.36.3.tar",
            "  kboot upgrade node --host root@10.0.0.21 --bundle kboot-v1.36.3.tar --kubeconfig admin.conf --drain-timeout 10m",
            ""})
final class UpgradeNodeCommand implements Callable<Integer> {
    static final Workflow<UpgradeContext> WORKFLOW = UpgradeWorkflow.node();

    @Mixin
    UpgradeOptions options = new UpgradeOptions();

    @Override
    public Integer call() {
        return UpgradeRun.run(WORKFLOW, options, false, Optional.empty(), Optional.empty());
    }

    /** kubeadm's {@code upgrade node phase …}: one phase or group of the tree, with the same flags. */
    static CommandLine withPhases(CommandLine node, PhaseCommands.Wanted wanted) {
        return PhaseCommands.attach(node, WORKFLOW, wanted, UpgradeOptions::new,
                (o, path) -> UpgradeRun.run(WORKFLOW, o, false, Optional.empty(), Optional.of(path)));
    }
}
