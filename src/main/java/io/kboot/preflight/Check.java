package io.kboot.preflight;

import io.kboot.facts.HostFacts;
import java.util.function.Function;

/**
 * One preflight check, named as kubeadm names it so that {@code --ignore-preflight-errors=Swap}
 * means the same in both tools. Checks are functions of gathered facts: no host round trip each.
 */
public interface Check {
    String name();

    CheckResult run(HostFacts facts);

    /** A check from its name and body, for checks other packages add (kboot upgrade's cluster health). */
    static Check of(String name, Function<HostFacts, CheckResult> body) {
        return new Checks.Simple(name, body);
    }
}
