package io.kboot.preflight;

import java.util.List;

/** What a check found: problems that stop the run, and warnings that don't. */
public record CheckResult(List<String> errors, List<String> warnings) {
    public CheckResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public static final CheckResult OK = new CheckResult(List.of(), List.of());

    public static CheckResult error(String message) {
        return new CheckResult(List.of(message), List.of());
    }

    public static CheckResult warning(String message) {
        return new CheckResult(List.of(), List.of(message));
    }
}
