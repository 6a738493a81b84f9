package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.config.Echo;
import io.kboot.host.ssh.SshLog;
import io.kboot.workflow.PhaseFailedException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Builds and runs a command line with kboot's conventions: one-line errors without stack traces
 * (unless -v), exit codes from {@link ExitCodes}, and usage errors that say how to get help.
 */
public final class Cli {
    private Cli() {}

    public static int execute(CommandLine command, String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return run(command, out, err, args);
    }

    /** Runs with the given writers: what tests call. */
    public static int run(CommandLine command, PrintWriter out, PrintWriter err, String... args) {
        return configure(command, out, err).execute(Verbosity.normalize(args));
    }

    static CommandLine configure(CommandLine cli, PrintWriter out, PrintWriter err) {
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        Converters.registerOn(cli);
        cli.setExecutionExceptionHandler(Cli::handleFailure);
        cli.setParameterExceptionHandler(Cli::handleUsageError);
        cli.setExecutionStrategy(Cli::refuseUnmatchedThenRun);
        return cli;
    }

    /**
     * picocli lets words it could not match pass when --help is among the arguments, and prints the
     * help of the last command it did match: {@code kboot etcd snapshot save --help} printed kboot's
     * help and exited 0, so a script could not tell the command does not exist. Any unmatched word is
     * an error, help or not.
     */
    private static int refuseUnmatchedThenRun(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (!r.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(r.commandSpec().commandLine(), r.unmatched());
            }
        }
        Optional<SshLog.Detail> sshLog = Verbosity.sshLog(Verbosity.of(parsed.commandSpec()));
        sshLog.ifPresent(detail -> SshLog.show(detail, parsed.commandSpec().commandLine().getErr()));
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            SshLog.hide();
        }
    }

    private static int handleFailure(Exception failure, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        Throwable cause = failure instanceof PhaseFailedException p && p.getCause() != null ? p.getCause() : failure;
        boolean known = ExitCodes.cause(failure) instanceof KbootException;
        String prefix = "error: ";
        if (failure instanceof PhaseFailedException p) {
            prefix = "error: phase " + p.path() + ": ";
        }
        err.println(prefix + (known || cause.getMessage() != null ? cause.getMessage() : cause.toString()));
        if (!known && !verbose(parsed)) {
            err.println("(an unexpected error; run again with -v for details)");
        }
        if (verbose(parsed)) {
            failure.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(failure);
    }

    private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && isUnknownCommand(unmatched)) {
            return unknownCommand(unmatched, err);
        }
        String message = e.getCause() instanceof KbootException ? e.getCause().getMessage() : e.getMessage();
        err.println("error: " + message);
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    /** A word where a command with subcommands (and no positional parameters) expects one of them. */
    private static boolean isUnknownCommand(CommandLine.UnmatchedArgumentException e) {
        CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> words = e.getUnmatched();
        return !spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty() && !words.isEmpty()
                && !words.get(0).startsWith("-");
    }

    /** As kubectl and kubeadm (cobra) say it: {@code unknown command "etcd" for "kboot"}, and the likely one. */
    private static int unknownCommand(CommandLine.UnmatchedArgumentException e, PrintWriter err) {
        String parent = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println("error: unknown command " + Echo.quote(e.getUnmatched().get(0)) + " for \"" + parent + "\"");
        List<String> suggestions = e.getSuggestions();
        if (!suggestions.isEmpty()) {
            err.println();
            err.println("Did you mean this?");
            suggestions.forEach(s -> err.println("\t" + s));
        }
        err.println("Run '" + parent + " --help' for usage.");
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        return parsed != null && Verbosity.of(parsed.commandSpec()) >= Verbosity.DETAILS;
    }
}
