package io.kboot.cli;

import io.kboot.reset.ResetContext;
import io.kboot.reset.ResetWorkflow;
import io.kboot.workflow.Plan;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kboot reset}: today it undoes host preparation, and says so. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {
            "Undo what kboot's host preparation changed on a node, newest change first, from the record it keeps in"
                    + " /var/lib/kboot/hostprep.jsonl: restores the files it edited (/etc/fstab, a replaced containerd"
                    + " config), deletes the files it wrote, unmasks swap units, turns swap back on, deletes the firewall"
                    + " rules it added, disables the units it enabled and removes the packages it installed.",
            "",
            "This restores host preparation only: it does not yet stop the kubelet or remove /etc/kubernetes, etcd's data,"
                    + " containers or CNI state. That comes with the full reset."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot reset --dry-run                 # show the undo script, change nothing",
            "  kboot reset --host root@192.168.56.11",
            ""})
final class ResetCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--dry-run", description = "Show what would be undone, change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Plan<ResetContext> plan = ResetWorkflow.build().plan(Optional.empty(), Set.of());
        return WorkflowExecution.run(plan, target, dryRun, output.reporter(), ResetContext::new);
    }
}
