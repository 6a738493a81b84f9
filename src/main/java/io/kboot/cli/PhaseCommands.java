package io.kboot.cli;

import io.kboot.workflow.Phase;
import io.kboot.workflow.Workflow;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Generates kubeadm's {@code phase} subcommands from a workflow's tree: {@code phase certs},
 * {@code phase certs all}, {@code phase certs apiserver}, ... Each generated command takes the
 * same flags as the workflow's own command and runs only its part of the tree.
 */
final class PhaseCommands {
    private PhaseCommands() {}

    /**
     * @param options a fresh options object per generated command (picocli binds flags into it)
     * @param runner  runs the workflow restricted to a phase path with those options
     */
    static <O> CommandLine build(Workflow<?> workflow, Supplier<O> options, BiFunction<O, String, Integer> runner) {
        CommandSpec phase = CommandSpec.create().name("phase");
        phase.usageMessage().description("Run one phase of " + workflow.name() + " (or a group of phases).")
                .footerHeading("%nPhases:%n").footer(tree(workflow.phases(), ""));
        phase.mixinStandardHelpOptions(true);
        CommandLine result = new CommandLine(phase);
        for (Phase<?> p : workflow.phases()) {
            result.addSubcommand(p.name(), command(p, p.name(), options, runner));
        }
        return result;
    }

    private static <O> CommandLine command(Phase<?> phase, String path, Supplier<O> options, BiFunction<O, String, Integer> runner) {
        O bound = options.get();
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> runner.apply(bound, path));
        spec.usageMessage().description(phase.summary());
        spec.addMixin("options", CommandSpec.forAnnotatedObject(bound));
        spec.mixinStandardHelpOptions(true);
        CommandLine command = new CommandLine(spec);
        if (phase.isGroup()) {
            spec.usageMessage().description(phase.summary(), "Without a subcommand, runs every phase of the group.");
            command.addSubcommand(Phase.ALL, leafAlias(phase, path, options, runner));
            for (Phase<?> child : phase.children()) {
                command.addSubcommand(child.name(), command(child, path + "/" + child.name(), options, runner));
            }
        }
        return command;
    }

    /** {@code phase certs all}: the same as {@code phase certs}, kubeadm's spelling. */
    private static <O> CommandLine leafAlias(Phase<?> group, String path, Supplier<O> options, BiFunction<O, String, Integer> runner) {
        O bound = options.get();
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> runner.apply(bound, path));
        spec.usageMessage().description("Run all phases of " + group.name() + ".");
        spec.addMixin("options", CommandSpec.forAnnotatedObject(bound));
        spec.mixinStandardHelpOptions(true);
        return new CommandLine(spec);
    }

    /**
     * A stand-in {@code phase} command with the same help summary, for runs that will not use it:
     * generating the real subtree binds every flag once per phase, which costs most of a short
     * command's startup, so it is built only when the arguments name {@code phase}.
     */
    static CommandLine placeholder(Workflow<?> workflow) {
        CommandSpec phase = CommandSpec.create().name("phase");
        phase.usageMessage().description("Run one phase of " + workflow.name() + " (or a group of phases).");
        return new CommandLine(phase);
    }

    /** Whether a command line asks for a phase subcommand, so the real subtree must be built. */
    static boolean wanted(String... args) {
        return java.util.Arrays.asList(args).contains("phase");
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
