package io.kboot.workflow;

import java.util.List;

/** The leaf phases a run will visit, in order, each marked whether it was skipped. */
public record Plan<C>(String workflow, List<Step<C>> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }

    /**
     * @param skipped whether {@code --skip-phases} (or the selection) leaves the phase out
     * @param runIf the conditions of the phase and of the groups above it, asked when the run reaches it
     */
    public record Step<C>(String path, Phase<C> phase, boolean skipped, RunIf<C> runIf) {}

    public List<Step<C>> toRun() {
        return steps.stream().filter(s -> !s.skipped()).toList();
    }
}
