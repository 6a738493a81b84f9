package io.kboot.workflow;

import java.util.List;

/** The leaf phases a run will visit, in order, each marked whether it was skipped. */
public record Plan<C>(String workflow, List<Step<C>> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }

    public record Step<C>(String path, Phase<C> phase, boolean skipped) {}

    public List<Step<C>> toRun() {
        return steps.stream().filter(s -> !s.skipped()).toList();
    }
}
