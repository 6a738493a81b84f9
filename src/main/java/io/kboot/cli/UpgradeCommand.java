package io.kboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

// TEMPORARY until h-versions merges its UpgradeCommand (with plan).
@Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Upgrade a cluster.",
        subcommands = {UpgradeApplyCommand.class, UpgradeNodeCommand.class})
final class UpgradeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: plan, apply or node");
    }
}
