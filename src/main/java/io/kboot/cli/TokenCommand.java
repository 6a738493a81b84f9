package io.kboot.cli;

import io.kboot.token.BootstrapToken;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kboot token}: bootstrap tokens. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage bootstrap tokens.",
        subcommands = TokenCommand.Generate.class)
final class TokenCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Print a new random bootstrap token (not stored anywhere), as kubeadm token generate does.",
            footerHeading = "%nExamples:%n",
            footer = {"  kboot token generate        # then use it as InitConfiguration bootstrapTokens[0].token", ""})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(BootstrapToken.generate(new SecureRandom()).reveal());
            return ExitCodes.OK;
        }
    }
}
