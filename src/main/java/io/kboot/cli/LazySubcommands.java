package io.kboot.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Subcommands built only when a command line names them. Adding a command to picocli builds its
 * whole model (every option of every mixin, and for kinit master and kjoin the phase tree with
 * the certificate list behind it): about half of what {@code kinit --help} cost. A command the
 * arguments do not name only shows up in its parent's command list, so a stand-in with its name,
 * aliases and description is enough; its parent's help reads the same.
 */
final class LazySubcommands {
    private LazySubcommands() {}

    /** Whether to build the command added as {@code name}: a phase run, or its name or an alias among the arguments. */
    static boolean wanted(Class<?> command, String name, PhaseCommands.Wanted wanted) {
        List<String> names = new ArrayList<>(Arrays.asList(command.getAnnotation(Command.class).aliases()));
        names.add(name);
        return wanted.phases() || names.stream().anyMatch(wanted.named());
    }

    /** A stand-in: the name, aliases and description of the annotated command, nothing else. */
    static CommandLine standIn(Class<?> command, String name) {
        Command annotation = command.getAnnotation(Command.class);
        CommandSpec spec = CommandSpec.create().name(name).aliases(annotation.aliases());
        spec.usageMessage().description(annotation.description());
        return new CommandLine(spec);
    }
}
