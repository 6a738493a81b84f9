package io.kboot.preflight;

import io.kboot.facts.HostFacts;

/**
 * One preflight check, named as kubeadm names it so that {@code --ignore-preflight-errors=Swap}
 * means the same in both tools. Checks are functions of gathered facts: no host round trip each.
 */
public interface Check {
    String name();

    CheckResult run(HostFacts facts);
}
