package io.kboot.workflow;

/** What a leaf phase does with the workflow's context. */
@FunctionalInterface
public interface PhaseAction<C> {
    void run(C context) throws Exception;
}
