package io.kboot.hostprep;

/**
 * One step of host preparation: it looks (one {@link Probe}), changes only what is not already
 * right (one {@link Changes} script, which also verifies), and says which of the two happened.
 */
public interface PrepStep {
    /** The phase name, lower-kebab-case: "modules", "cni-plugins". */
    String name();

    String summary();

    void run(NodePrepContext ctx);

    /** Applies the changes and reports them, or reports that everything was already in place. */
    static void finish(NodePrepContext ctx, Changes changes, String alreadyDone) {
        if (changes.isEmpty()) {
            ctx.info(alreadyDone);
            return;
        }
        changes.apply();
        ctx.info(String.join("; ", changes.descriptions()));
    }
}
