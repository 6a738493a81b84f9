package io.kboot.hostprep;

import io.kboot.workflow.Phase;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code prepare} phase group, shared by {@code kinit master} and {@code kjoin}: everything a
 * fresh Linux host needs before the kubelet can run, each step idempotent and recorded for undo.
 */
public final class HostPrep {
    public static final String PHASE = "prepare";

    private HostPrep() {}

    /**
     * The steps in the order they run: modules before the sysctls that need br_netfilter; the
     * bundle on the node (and checked) before anything is installed from it; images last, into
     * the running containerd.
     */
    public static List<PrepStep> steps() {
        return List.of(new ModulesStep(), new SysctlStep(), new SwapStep(), new BundleStep(), new ContainerdStep(),
                new CniPluginsStep(), new FirewallStep(), new KubeletStep(), new ImagesStep());
    }

    /** @param prep what the steps work with, from the workflow's context */
    public static <C> Phase<C> phase(Function<C, NodePrepContext> prep) {
        List<Phase<C>> children = steps().stream()
                .map(step -> Phase.<C>leaf(step.name(), step.summary(), ctx -> step.run(prep.apply(ctx)))).toList();
        return Phase.group(PHASE,
                "Prepare the host: modules, sysctls, swap, bundle, containerd, CNI plugins, firewall, kubelet unit,"
                        + " images",
                children);
    }
}
