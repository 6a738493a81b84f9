package io.kboot.workflow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One named step of a workflow, or a named group of steps. Names are stable identifiers in
 * lower-kebab-case; nested phases are addressed with "/" ("certs/apiserver"). The tree is data:
 * help text, {@code --skip-phases} and the {@code phase} subcommands all come from it.
 *
 * @param <C> the context every phase of the workflow receives
 * @param runIf when the phase (a group: all of its phases) runs; skipped with a reason otherwise
 */
public record Phase<C>(String name, String summary, List<Phase<C>> children, Optional<PhaseAction<C>> action,
        RunIf<C> runIf) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** The name that, under a group, selects all of the group's children (kubeadm's "all"). */
    public static final String ALL = "all";

    public Phase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        children = List.copyOf(children);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(runIf, "runIf");
        if (!NAME.matcher(name).matches() || name.equals(ALL)) {
            throw new IllegalArgumentException("invalid phase name: " + name);
        }
        if (action.isPresent() == !children.isEmpty()) {
            throw new IllegalArgumentException("phase " + name + " must have either an action or children");
        }
        long distinct = children.stream().map(Phase::name).distinct().count();
        if (distinct != children.size()) {
            throw new IllegalArgumentException("phase " + name + " has children with the same name");
        }
    }

    public static <C> Phase<C> leaf(String name, String summary, PhaseAction<C> action) {
        return new Phase<>(name, summary, List.of(), Optional.of(action), RunIf.always());
    }

    /** A leaf that runs only when {@code runIf} says so, and is reported skipped with its reason otherwise. */
    public static <C> Phase<C> leaf(String name, String summary, RunIf<C> runIf, PhaseAction<C> action) {
        return new Phase<>(name, summary, List.of(), Optional.of(action), runIf);
    }

    @SafeVarargs
    public static <C> Phase<C> group(String name, String summary, Phase<C>... children) {
        return group(name, summary, List.of(children));
    }

    public static <C> Phase<C> group(String name, String summary, List<Phase<C>> children) {
        return new Phase<>(name, summary, children, Optional.empty(), RunIf.always());
    }

    /** This phase, run only when {@code condition} says so (on top of any condition it had). */
    public Phase<C> runIf(RunIf<C> condition) {
        return new Phase<>(name, summary, children, action, runIf.and(condition));
    }

    /** This phase, run only when {@code runs} holds; otherwise skipped because {@code reason}. */
    public Phase<C> runIf(Predicate<C> runs, String reason) {
        return runIf(RunIf.when(runs, reason));
    }

    public boolean isGroup() {
        return !children.isEmpty();
    }
}
