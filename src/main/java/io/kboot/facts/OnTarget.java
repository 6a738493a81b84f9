package io.kboot.facts;

import io.kboot.host.Host;
import io.kboot.report.Reporter;

/**
 * A workflow's context for one node: everything about the node comes from its {@link RunTarget}, so
 * kinit's, kjoin's and host preparation's contexts say it once, here.
 */
public interface OnTarget {
    RunTarget target();

    default Host host() {
        return target().host();
    }

    default Reporter reporter() {
        return target().reporter();
    }

    /** Facts about the node, gathered once per run. */
    default HostFacts facts() {
        return target().facts();
    }

    /** Says what a phase did, in the node's name. */
    default void info(String message) {
        target().info(message);
    }

    default void warn(String message) {
        target().warn(message);
    }
}
