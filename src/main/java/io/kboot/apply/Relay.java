package io.kboot.apply;

import io.kboot.workflow.Phase;
import io.kboot.workflow.PhaseAction;
import io.kboot.workflow.PhaseListener;
import io.kboot.workflow.Runner;
import io.kboot.workflow.Workflow;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Hands a value from one of apply's stages to the next while the stages run as phases (so each is
 * timed and reported like any phase). A stage is a function from the value the stage before it
 * returned to the one it hands on; the relay is only the workflow's context, and no stage sees it.
 */
final class Relay<T> {
    private T value;

    Relay(T first) {
        this.value = first;
    }

    /** The phase action that runs {@code stage} on the value handed on so far. */
    static <T> PhaseAction<Relay<T>> stage(UnaryOperator<T> stage) {
        return relay -> relay.value = stage.apply(relay.value);
    }

    /**
     * Runs the phases in order, each on what the one before returned. After a failure, {@link #value()}
     * is what the last stage that finished returned, so that what it opened can be closed.
     */
    void run(String workflow, List<Phase<Relay<T>>> phases, PhaseListener listener) {
        Runner.run(new Workflow<>(workflow, phases).plan(Optional.empty(), Set.of()), this, listener);
    }

    T value() {
        return value;
    }

    /** Runs one phase that makes a value, and returns it. */
    static <T> T once(String workflow, String name, String summary, Supplier<T> stage, PhaseListener listener) {
        Relay<T> relay = new Relay<>(null);
        relay.run(workflow, List.of(Phase.leaf(name, summary, stage(nothing -> stage.get()))), listener);
        return relay.value;
    }
}
