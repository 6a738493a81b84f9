package io.kboot.apply;

import io.kboot.facts.HostFacts;
import io.kboot.host.Host;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What apply's read-only stages hand on to planning and to the stages that act: the open hosts and
 * the facts preflight gathered, by the file's names; what observe found; and, when a control
 * plane's API server answered, the way into the cluster.
 */
record Observed(Map<String, Host> hosts, Map<String, HostFacts> facts, Observation observation, Optional<ClusterAccess> access) {

    Observed {
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    Host host(HostSpec spec) {
        return hosts.get(spec.name());
    }
}
