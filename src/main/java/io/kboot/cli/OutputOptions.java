package io.kboot.cli;

import io.kboot.report.JsonReporter;
import io.kboot.report.Reporter;
import io.kboot.report.TextReporter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** -o text|json, shared by every command that runs phases; -v is the root's ({@link Verbosity}). */
public final class OutputOptions {
    enum Format { text, json }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES}. json prints one event per line.")
    Format format;

    /** Whether -v (any level) asked for phase timings and details. */
    boolean verbose() {
        return Verbosity.of(spec) >= Verbosity.DETAILS;
    }

    Reporter reporter() {
        boolean verbose = verbose();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        return format == Format.json ? new JsonReporter(out, verbose) : new TextReporter(out, err, verbose);
    }
}
