package io.kboot.workflow;

import io.kboot.KbootException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An ordered tree of phases with a name ("init", "join"). Immutable. */
public final class Workflow<C> {
    private final String name;
    private final List<Phase<C>> phases;
    /** Every phase by its path, in tree order (pre-order). */
    private final Map<String, Phase<C>> byPath = new LinkedHashMap<>();
    /** Every phase's condition joined with those of the groups above it, by path. */
    private final Map<String, RunIf<C>> conditions = new LinkedHashMap<>();

    public Workflow(String name, List<Phase<C>> phases) {
        this.name = name;
        this.phases = List.copyOf(phases);
        index("", this.phases, RunIf.always());
    }

    private void index(String prefix, List<Phase<C>> level, RunIf<C> above) {
        for (Phase<C> phase : level) {
            String path = prefix + phase.name();
            if (byPath.put(path, phase) != null) {
                throw new IllegalArgumentException("duplicate phase " + path);
            }
            RunIf<C> condition = above.and(phase.runIf());
            conditions.put(path, condition);
            index(path + "/", phase.children(), condition);
        }
    }

    public String name() {
        return name;
    }

    public List<Phase<C>> phases() {
        return phases;
    }

    /** Every phase path in tree order, groups included. */
    public List<String> paths() {
        return List.copyOf(byPath.keySet());
    }

    public Optional<Phase<C>> find(String path) {
        return Optional.ofNullable(byPath.get(normalize(path)));
    }

    /**
     * The leaf phases to run: all of them, or those under {@code only} when given, minus everything
     * under a skipped path. {@code "group/all"} means the group itself.
     *
     * @throws KbootException.InvalidInput naming an unknown phase and listing the valid ones
     */
    public Plan<C> plan(Optional<String> only, Set<String> skip) {
        List<String> skipped = skip.stream().map(this::requireKnown).toList();
        String root = only.map(this::requireKnown).orElse(null);
        List<Plan.Step<C>> steps = new ArrayList<>();
        for (Map.Entry<String, Phase<C>> entry : byPath.entrySet()) {
            String path = entry.getKey();
            Phase<C> phase = entry.getValue();
            if (phase.isGroup() || (root != null && !isUnder(path, root))) {
                continue;
            }
            boolean isSkipped = skipped.stream().anyMatch(s -> isUnder(path, s));
            steps.add(new Plan.Step<>(path, phase, isSkipped, conditions.get(path)));
        }
        return new Plan<>(name, steps);
    }

    private String requireKnown(String raw) {
        String path = normalize(raw);
        if (!byPath.containsKey(path)) {
            throw new KbootException.InvalidInput("unknown phase \"" + raw + "\" for " + name
                    + "; valid phases: " + String.join(", ", byPath.keySet()));
        }
        return path;
    }

    /** Accepts "certs/all" for "certs" and surrounding slashes or spaces. */
    private static String normalize(String raw) {
        String path = raw.strip();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/" + Phase.ALL)) {
            path = path.substring(0, path.length() - Phase.ALL.length() - 1);
        }
        return path;
    }

    private static boolean isUnder(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + "/");
    }
}
