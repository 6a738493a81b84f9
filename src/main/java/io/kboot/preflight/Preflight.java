package io.kboot.preflight;

import io.kboot.KbootException;
import io.kboot.facts.HostFacts;
import io.kboot.report.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs checks against one host's facts, reports warnings, and fails with every error at once.
 * {@code --ignore-preflight-errors} turns named errors (or "all") into warnings, as in kubeadm.
 */
public final class Preflight {
    private Preflight() {}

    public static void run(String host, HostFacts facts, List<Check> checks, Set<String> ignored, Reporter reporter) {
        Set<String> ignore = ignored.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> errors = new ArrayList<>();
        for (Check check : checks) {
            CheckResult result = check.run(facts);
            result.warnings().forEach(w -> reporter.warn(host, "[" + check.name() + "]: " + w));
            boolean ignoredHere = ignore.contains("all") || ignore.contains(check.name().toLowerCase(Locale.ROOT));
            for (String error : result.errors()) {
                if (ignoredHere) {
                    reporter.warn(host, "[" + check.name() + "]: " + error + " (ignored)");
                } else {
                    errors.add("[ERROR " + check.name() + "]: " + error);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new KbootException.PreflightFailed(host + ": preflight found " + errors.size() + " error(s):\n  "
                    + String.join("\n  ", errors)
                    + "\nTo ignore a check, pass --ignore-preflight-errors=<name>; to ignore all: --ignore-preflight-errors=all");
        }
        reporter.info(host, "preflight checks passed");
    }
}
