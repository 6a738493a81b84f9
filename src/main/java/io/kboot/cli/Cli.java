package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.workflow.PhaseFailedException;
import java.io.PrintWriter;
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
        return configure(command, out, err).execute(args);
    }

    static CommandLine configure(CommandLine cli, PrintWriter out, PrintWriter err) {
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        Converters.registerOn(cli);
        cli.setExecutionExceptionHandler(Cli::handleFailure);
        cli.setParameterExceptionHandler(Cli::handleUsageError);
        return cli;
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
        String message = e.getCause() instanceof KbootException ? e.getCause().getMessage() : e.getMessage();
        err.println("error: " + message);
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("-v")) {
                return true;
            }
        }
        return false;
    }
}
