package io.kboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kboot upgrade}: kubeadm's upgrade commands; each subcommand is its own class. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Upgrade a cluster to a newer Kubernetes release, kubeadm-compatible: plan shows what would change,"
                + " apply upgrades the first control plane, node every other node.",
        subcommands = {UpgradePlanCommand.class, UpgradeApplyCommand.class, UpgradeNodeCommand.class})
final class UpgradeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: plan, apply or node (see kboot upgrade"
                + " --help)");
    }
}
