package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.workflow.PhaseFailedException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The one place that turns failures into exit codes. */
final class ExitCodes {
    static final int OK = 0;
    static final int STEP_FAILED = 1;
    static final int INVALID_INPUT = 2;
    static final int PREFLIGHT_FAILED = 3;
    static final int INTERRUPTED = 130;

    /**
     * The codes as --help, the man pages and the README list them. kboot keeps its own rather than
     * kubeadm's (PreFlightExitCode 2, ValidationExitCode 3, else 1): 2 is the usage-error code of
     * Unix tools (getopt, grep, bash, picocli, argparse) and kboot's one promise for any bad input,
     * found before a host is touched, for kinit and kjoin as for every kboot command. A script
     * written for kubeadm reads 2 and 3 the other way round.
     */
    static final List<String> DOCUMENTED = List.of(
            "0    success",
            "1    a step failed (on a host, or talking to the cluster)",
            "2    bad input: a flag, argument, file or unknown command, refused before any host is touched",
            "3    preflight checks failed (kubeadm uses 2 for this, and 3 for bad configuration)",
            "130  interrupted");

    /** Adds the exit codes to the end of a command's --help (kboot, kinit, kinit master, kjoin, kboot init/join). */
    static CommandLine documentIn(CommandLine command) {
        var usage = command.getCommandSpec().usageMessage();
        List<String> footer = new ArrayList<>(List.of(usage.footer()));
        if (!footer.isEmpty() && footer.get(footer.size() - 1).isEmpty()) {
            footer.remove(footer.size() - 1);
        }
        footer.add("");
        footer.add("Exit status (kboot's, not kubeadm's: 2 is any bad input, as for Unix tools; kubeadm's 2 is kboot's 3):");
        DOCUMENTED.forEach(line -> footer.add("  " + line));
        footer.add("");
        usage.footer(footer.toArray(String[]::new));
        return command;
    }

    private ExitCodes() {}

    static int of(Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof KbootException.InvalidInput) {
            return INVALID_INPUT;
        }
        if (cause instanceof KbootException.PreflightFailed) {
            return PREFLIGHT_FAILED;
        }
        if (cause instanceof KbootException.Interrupted || cause instanceof InterruptedException) {
            return INTERRUPTED;
        }
        return STEP_FAILED;
    }

    /**
     * What failed, beneath the phases that name where: a workflow run inside a phase (apply's stages
     * run kinit's and kjoin's phases) fails with one phase inside another.
     */
    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof PhaseFailedException p && p.getCause() != null) {
            cause = p.getCause();
        }
        return cause;
    }
}
