package io.kboot.cli;

import io.kboot.workflow.Phase;
import io.kboot.workflow.Workflow;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Generates kubeadm's {@code phase} subcommands from a workflow's tree: {@code phase certs},
 * {@code phase certs all}, {@code phase certs apiserver}, ... Each generated command takes the
 * same flags as the workflow's own command and runs only its part of the tree.
 *
 * <p>Binding every flag once per phase cost most of a short command's startup (0.6 s of CPU for
 * the 40-odd commands of kinit master's tree), so a run generates for real only the commands its
 * arguments name ({@code phase certs all}: certs and its all) and gives the others a stand-in
 * that only carries their name and description, for the help listings.
 */
final class PhaseCommands {
    private PhaseCommands() {}

    /** Which phase commands to generate for real: all of them, or those a word of the arguments names. */
    record Wanted(boolean phases, Predicate<String> named) {
        static final Wanted ALL = new Wanted(true, name -> true);

        /** For a run with these arguments; without "phase" among them, none. */
        static Wanted by(String... args) {
            Set<String> words = Set.copyOf(Arrays.asList(args));
            // Every word counts, an option's value too: a command built for nothing costs time only,
            // while a stand-in picocli chose to run would run nothing.
            return new Wanted(words.contains("phase"), words::contains);
        }
    }

    /**
     * @param options a fresh options object per generated command (picocli binds flags into it)
     * @param runner  runs the workflow restricted to a phase path with those options
     */
    static <O> CommandLine build(Workflow<?> workflow, Wanted wanted, Supplier<O> options,
            BiFunction<O, String, Integer> runner) {
        CommandSpec phase = CommandSpec.create().name("phase");
        phase.usageMessage().description("Run one phase of " + workflow.name() + " (or a group of phases).")
                .footerHeading("%nPhases:%n").footer(tree(workflow.phases(), ""));
        phase.mixinStandardHelpOptions(true);
        CommandLine result = new CommandLine(phase);
        for (Phase<?> p : workflow.phases()) {
            result.addSubcommand(p.name(), command(p, p.name(), wanted, options, runner));
        }
        return result;
    }

    private static <O> CommandLine command(Phase<?> phase, String path, Wanted wanted, Supplier<O> options,
            BiFunction<O, String, Integer> runner) {
        String[] description = phase.isGroup()
                ? new String[] {phase.summary(), "Without a subcommand, runs every phase of the group."}
                : new String[] {phase.summary()};
        if (!wanted.named().test(phase.name())) {
            return standIn(phase.name(), description);
        }
        CommandLine command = runnable(path, options, runner, description);
        if (phase.isGroup()) {
            String[] all = {"Run all phases of " + phase.name() + "."};
            command.addSubcommand(Phase.ALL, wanted.named().test(Phase.ALL)
                    ? runnable(path, options, runner, all) : standIn(Phase.ALL, all));
            for (Phase<?> child : phase.children()) {
                command.addSubcommand(child.name(), command(child, path + "/" + child.name(), wanted, options, runner));
            }
        }
        return command;
    }

    /** A command that runs the workflow's {@code path} with the flags bound into a fresh options object. */
    private static <O> CommandLine runnable(String path, Supplier<O> options, BiFunction<O, String, Integer> runner,
            String[] description) {
        O bound = options.get();
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> runner.apply(bound, path));
        spec.usageMessage().description(description);
        spec.addMixin("options", CommandSpec.forAnnotatedObject(bound));
        spec.mixinStandardHelpOptions(true);
        return new CommandLine(spec);
    }

    private static CommandLine standIn(String name, String[] description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(description);
        return new CommandLine(spec);
    }

    /**
     * Adds {@code phase} to {@code command} (generated, or a stand-in when the arguments name no
     * phase) and the phase tree to its help footer.
     */
    static <O> CommandLine attach(CommandLine command, Workflow<?> workflow, Wanted wanted, Supplier<O> options,
            BiFunction<O, String, Integer> runner) {
        command.addSubcommand("phase", wanted.phases() ? build(workflow, wanted, options, runner) : placeholder(workflow));
        var usage = command.getCommandSpec().usageMessage();
        usage.footer(MasterCommand.concat(usage.footer(), "Phases (run one with 'phase <name>', skip with --skip-phases):",
                tree(workflow.phases(), "")));
        return command;
    }

    /** A stand-in {@code phase} command with the same help summary, for runs that do not name {@code phase}. */
    static CommandLine placeholder(Workflow<?> workflow) {
        CommandSpec phase = CommandSpec.create().name("phase");
        phase.usageMessage().description("Run one phase of " + workflow.name() + " (or a group of phases).");
        return new CommandLine(phase);
    }

    /** The phase tree as indented text, for help footers. */
    static String tree(List<? extends Phase<?>> phases, String indent) {
        StringBuilder text = new StringBuilder();
        for (Phase<?> phase : phases) {
            text.append(String.format("%s  %-28s %s%n", indent, phase.name(), phase.summary()));
            if (phase.isGroup()) {
                text.append(String.format("%s    %-26s %s%n", indent, Phase.ALL, "Run all " + phase.name() + " phases"));
                text.append(tree(phase.children(), indent + "  "));
            }
        }
        return text.toString();
    }
}
