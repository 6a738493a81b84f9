package io.kboot.preflight;

import io.kboot.facts.HostFacts;
import java.util.Map;

/**
 * A preflight check across the hosts of one cluster run ({@code kboot apply}): names and IDs that
 * must be unique, clocks that must agree. Named like {@link Check}s so they can be ignored alike.
 */
public interface HostSetCheck {
    String name();

    /** @param byHost each host's facts, keyed by the name used in output */
    CheckResult run(Map<String, HostFacts> byHost);
}
