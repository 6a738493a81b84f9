package io.kboot.workflow;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * When a phase runs (kubeadm's {@code RunIf}, k0sctl's {@code ShouldRun}): asked just before the
 * phase would start, with the context as earlier phases left it. A phase that does not run is
 * reported as skipped with the reason, never as finished.
 *
 * @param <C> the workflow's context
 */
@FunctionalInterface
public interface RunIf<C> {

    /** Why the phase does not run here, or empty when it runs. */
    Optional<String> skipReason(C context) throws Exception;

    static <C> RunIf<C> always() {
        return context -> Optional.empty();
    }

    /** Runs when {@code runs} holds; otherwise skipped because {@code reason}. */
    static <C> RunIf<C> when(Predicate<C> runs, String reason) {
        return when(runs, context -> reason);
    }

    /** As {@link #when(Predicate, String)}, with a reason that names what the context holds. */
    static <C> RunIf<C> when(Predicate<C> runs, Function<C, String> reason) {
        return context -> runs.test(context) ? Optional.empty() : Optional.of(reason.apply(context));
    }

    /** Runs only when both this and {@code next} say so; this one is asked first. */
    default RunIf<C> and(RunIf<C> next) {
        return context -> {
            Optional<String> reason = skipReason(context);
            return reason.isPresent() ? reason : next.skipReason(context);
        };
    }
}
