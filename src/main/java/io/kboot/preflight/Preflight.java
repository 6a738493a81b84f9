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
        conclude(host, evaluate(host, facts, checks, ignored, reporter), reporter);
    }

    /**
     * Runs checks across several hosts ({@code kboot apply}); findings are reported without a
     * host, since they concern the set.
     */
    public static void runAcross(Map<String, HostFacts> byHost, List<HostSetCheck> checks, Set<String> ignored,
            Reporter reporter) {
        conclude(null, evaluateAcross(byHost, checks, ignored, reporter), reporter);
    }

    /** Reports one host's warnings and returns its errors ("[ERROR Name]: ...") without failing: many hosts fail together. */
    public static List<String> evaluate(String host, HostFacts facts, List<Check> checks, Set<String> ignored,
            Reporter reporter) {
        return classify(host, checks.stream().map(c -> new Named(c.name(), c.run(facts))).toList(), ignored, reporter);
    }

    /** The cross-host checks' warnings, reported without a host, and their errors. */
    public static List<String> evaluateAcross(Map<String, HostFacts> byHost, List<HostSetCheck> checks, Set<String> ignored,
            Reporter reporter) {
        return classify(null, checks.stream().map(c -> new Named(c.name(), c.run(byHost))).toList(), ignored, reporter);
    }

    /**
     * One failure for every host's errors at once (a null key: the errors across hosts), so a run
     * over many hosts shows everything to fix in one go.
     *
     * @throws KbootException.PreflightFailed if any host has errors
     */
    public static void concludeAll(Map<String, List<String>> errorsByHost, Reporter reporter) {
        List<String> sections = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, List<String>> entry : errorsByHost.entrySet()) {
            List<String> errors = entry.getValue();
            if (errors.isEmpty()) {
                if (entry.getKey() != null) {
                    reporter.info(entry.getKey(), "preflight checks passed");
                }
                continue;
            }
            count += errors.size();
            sections.add((entry.getKey() == null ? "across hosts" : entry.getKey()) + ":\n    " + String.join("\n    ", errors));
        }
        if (count > 0) {
            throw new KbootException.PreflightFailed("preflight found " + count + " error(s):\n  " + String.join("\n  ", sections)
                    + "\n" + HINT);
        }
    }

    private static final String HINT =
            "To ignore a check, pass --ignore-preflight-errors=<name>; to ignore all: --ignore-preflight-errors=all";

    private record Named(String name, CheckResult result) {}

    private static List<String> classify(String host, List<Named> results, Set<String> ignored, Reporter reporter) {
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
        return errors;
    }

    private static void conclude(String host, List<String> errors, Reporter reporter) {
        if (!errors.isEmpty()) {
            throw new KbootException.PreflightFailed(
                    (host == null ? "" : host + ": ") + "preflight found " + errors.size() + " error(s):\n  "
                            + String.join("\n  ", errors) + "\n" + HINT);
        }
        reporter.info(host, "preflight checks passed");
    }
}
