package io.kboot.hostprep;

import io.kboot.host.FileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Swap off now and after reboots: {@code swapoff -a}, swap lines of /etc/fstab commented out
 * (the original is backed up), and systemd's swap units masked, since systemd also activates swap
 * it finds on its own (GPT auto-discovery, zram).
 */
public final class SwapStep implements PrepStep {
    public static final String FSTAB = "/etc/fstab";

    @Override
    public String name() {
        return "swap";
    }

    @Override
    public String summary() {
        return "Turn swap off now and at boot (fstab, systemd swap units)";
    }

    @Override
    public void run(NodePrepContext ctx) {
        Probe.Result found = new Probe(name(), ctx.paths())
                .shell(StepScripts.of(name(), "probe-count"))
                .file(FSTAB)
                .shell(StepScripts.of(name(), "probe-units"))
                .run(ctx.host());

        Changes changes = new Changes(ctx, name());
        int activeSwaps = Integer.parseInt(found.value("swaps").orElse("0"));
        if (activeSwaps > 0) {
            changes.record(new ChangeRecord.SwapDisabled()).run(StepScripts.of(name(), "off"))
                    .done("turned off " + activeSwaps + " swap device(s)").verify(StepScripts.of(name(), "verify-off"));
        }
        found.file(FSTAB).ifPresent(fstab -> {
            String edited = commentOutSwap(fstab);
            if (!edited.equals(fstab)) {
                changes.writeFile(FSTAB, edited, FileAttributes.PUBLIC)
                        .run(StepScripts.unit("daemon-reload-if-systemd"))
                        .done("commented out swap in " + FSTAB + " (original kept for kboot reset)");
            }
        });
        List<String> toMask = new ArrayList<>();
        for (String unit : found.values("unit")) {
            String[] parts = unit.split(" ");
            if (parts.length == 2 && parts[0].endsWith(".swap") && !parts[1].equals("masked")) {
                toMask.add(parts[0]);
            }
        }
        for (String unit : toMask) {
            changes.record(new ChangeRecord.UnitMasked(unit)).run(StepScripts.unit("mask").word("unit", unit));
        }
        if (!toMask.isEmpty()) {
            changes.done("masked " + String.join(", ", toMask));
        }
        PrepStep.finish(ctx, changes, "swap already off and disabled at boot");
    }

    /** fstab with each active swap entry (third field "swap") commented out; other lines unchanged. */
    static String commentOutSwap(String fstab) {
        StringBuilder out = new StringBuilder();
        for (String line : fstab.split("\n", -1)) {
            String[] fields = line.strip().split("\\s+");
            boolean swap = !line.strip().startsWith("#") && fields.length >= 3 && fields[2].equals("swap");
            out.append(swap ? "#" + line : line).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }
}
