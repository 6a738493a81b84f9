package io.kboot.preflight;

import io.kboot.KbootException;
import io.kboot.facts.HostFacts;
import io.kboot.report.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs checks against one host's facts, reports warnings, and fails with every error at once.
 * {@code --ignore-preflight-errors} turns named errors (or "all") into warnings, as in kubeadm.
 */
public final class Preflight {
    private Preflight() {}

    public static void run(String host, HostFacts facts, List<Check> checks, Set<String> ignored, Reporter reporter) {
        List<Named> results = checks.stream().map(c -> new Named(c.name(), c.run(facts))).toList();
        conclude(host, results, ignored, reporter);
    }

    /**
     * Runs checks across several hosts ({@code kboot apply}); findings are reported without a
     * host, since they concern the set.
     */
    public static void runAcross(Map<String, HostFacts> byHost, List<HostSetCheck> checks, Set<String> ignored, Reporter reporter) {
        List<Named> results = checks.stream().map(c -> new Named(c.name(), c.run(byHost))).toList();
        conclude(null, results, ignored, reporter);
    }

    private record Named(String name, CheckResult result) {}

    private static void conclude(String host, List<Named> results, Set<String> ignored, Reporter reporter) {
        Set<String> ignore = ignored.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> errors = new ArrayList<>();
        for (Named named : results) {
            String name = named.name();
            CheckResult result = named.result();
            result.warnings().forEach(w -> reporter.warn(host, "[" + name + "]: " + w));
            boolean ignoredHere = ignore.contains("all") || ignore.contains(name.toLowerCase(Locale.ROOT));
            for (String error : result.errors()) {
                if (ignoredHere) {
                    reporter.warn(host, "[" + name + "]: " + error + " (ignored)");
                } else {
                    errors.add("[ERROR " + name + "]: " + error);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new KbootException.PreflightFailed((host == null ? "" : host + ": ") + "preflight found " + errors.size() + " error(s):\n  "
                    + String.join("\n  ", errors)
                    + "\nTo ignore a check, pass --ignore-preflight-errors=<name>; to ignore all: --ignore-preflight-errors=all");
        }
        reporter.info(host, "preflight checks passed");
    }
}
