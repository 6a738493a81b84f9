package io.kboot.cli;

import io.kboot.config.KubernetesVersion;
import io.kboot.upgrade.UpgradeContext;
import io.kboot.upgrade.UpgradeWorkflow;
import io.kboot.workflow.Workflow;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kboot upgrade apply}: kubeadm upgrade apply on the first control plane, over SSH. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {
            "Upgrade the first control plane and the cluster's configuration to the bundle's release, as kubeadm upgrade apply"
                    + " does: etcd, kube-apiserver, kube-controller-manager and kube-scheduler one at a time (certificates"
                    + " renewed, old manifests and etcd's data backed up in /etc/kubernetes/tmp, everything rolled back if a"
                    + " component does not come up), kube-system/kubeadm-config, admin.conf, the bootstrap RBAC, CoreDNS and"
                    + " kube-proxy (once no control plane runs the old release); then the node's kubelet: drain, new"
                    + " kubelet and kubectl, restart, Ready, uncordon.",
            "",
            "Then run 'kboot upgrade node' on every other node, control planes first; or let 'kboot apply -f' do all of it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot upgrade plan --host root@10.0.0.10 --bundle kboot-v1.36.3.tar",
            "  kboot upgrade apply v1.36.3 --host root@10.0.0.10 --bundle kboot-v1.36.3.tar --dry-run",
            "  kboot upgrade apply v1.36.3 --host root@10.0.0.10 --bundle kboot-v1.36.3.tar --timeout upgradeManifests=10m",
            "  kboot upgrade apply v1.36.3 --host root@10.0.0.10 --bundle kboot-v1.36.3.tar --config upgrade.yaml",
            ""})
final class UpgradeApplyCommand implements Callable<Integer> {
    static final Workflow<UpgradeContext> WORKFLOW = UpgradeWorkflow.apply();

    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
            description = "The release to upgrade to, e.g. v1.36.3 (default: the bundle's); it must be the bundle's.")
    Optional<KubernetesVersion> version = Optional.empty();

    @Mixin
    UpgradeOptions options = new UpgradeOptions();

    @Override
    public Integer call() {
        return UpgradeRun.run(WORKFLOW, options, true, version, Optional.empty());
    }

    /** The version and the flags, bound afresh for each generated phase command. */
    static final class PhaseOptions {
        @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
                description = "The release to upgrade to, e.g. v1.36.3 (default: the bundle's); it must be the bundle's.")
        Optional<KubernetesVersion> version = Optional.empty();

        @Mixin
        UpgradeOptions options = new UpgradeOptions();
    }

    /** kubeadm's {@code upgrade apply phase …}: one phase or group of the tree, with the same flags. */
    static CommandLine withPhases(CommandLine apply, PhaseCommands.Wanted wanted) {
        return PhaseCommands.attach(apply, WORKFLOW, wanted, PhaseOptions::new,
                (o, path) -> UpgradeRun.run(WORKFLOW, o.options, true, o.version, Optional.of(path)));
    }
}
