package io.kboot.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kboot completion}: a bash/zsh completion script generated from the command tree. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script for kboot, kinit or kjoin.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(kboot completion)",
            "  kboot completion kinit > /etc/bash_completion.d/kinit",
            ""})
final class CompletionCommand implements Callable<Integer> {
    enum Program { kboot, kinit, kjoin }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", defaultValue = "kboot", description = "Which program: ${COMPLETION-CANDIDATES} (default: kboot).")
    Program program;

    @Override
    public Integer call() {
        CommandLine target = switch (program) {
            case kinit -> KinitCommand.commandLine();
            case kjoin -> KjoinCommand.commandLine();
            case kboot -> KbootCommand.commandLine();
        };
        spec.commandLine().getOut().print(AutoComplete.bash(program.name(), target));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
