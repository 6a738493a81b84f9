package io.kboot.apply;

import io.kboot.config.Kubeadm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one apply will do, per host and in order: {@link Planner}'s answer, printed before the run
 * acts (and as the whole answer of {@code --dry-run}).
 *
 * @param hosts in the file's order
 * @param certificates how joining control planes get the shared certificates
 * @param waves how many worker waves
 * @param notes things the user should know that change nothing (a Node not in the file, a NotReady one)
 * @param conflicts reasons the file and the cluster disagree; the run refuses before changing anything
 */
public record ApplyPlan(List<HostPlan> hosts, CertificateUpload certificates, int waves, List<String> notes,
        List<String> conflicts, Optional<RollingUpgrade> upgrade) {
    private static final Pattern STEP = Pattern.compile("^# kboot prepare/([a-z0-9-]+)");

    public ApplyPlan {
        hosts = List.copyOf(hosts);
        notes = List.copyOf(notes);
        conflicts = List.copyOf(conflicts);
    }

    public ApplyPlan(List<HostPlan> hosts, CertificateUpload certificates, int waves, List<String> notes,
            List<String> conflicts) {
        this(hosts, certificates, waves, notes, conflicts, Optional.empty());
    }

    /** The same plan with the cluster's upgrade first. */
    ApplyPlan withUpgrade(RollingUpgrade plan) {
        return new ApplyPlan(hosts, certificates, waves, notes, conflicts, Optional.of(plan));
    }

    public enum Action {
        /** kinit master on the first control plane: a new cluster, or finishing one whose init did not complete. */
        INIT,
        JOIN_CONTROL_PLANE,
        JOIN_WORKER,
        /** Already a Node: checked, labels and taints from the file added, otherwise left alone. */
        PRESENT
    }

    /**
     * Joining control planes need the shared certificates: uploaded by init itself, by the upload-certs phase
     * alone, or not at all.
     */
    public enum CertificateUpload {
        NONE, WITH_INIT, SEPARATE
    }

    /**
     * One host's part.
     *
     * @param nodeName its Node's name
     * @param why for INIT, why init runs ("new cluster", or why it is run again); for PRESENT, the Node's condition
     * @param position 1-based: the control plane's turn among those joining, or the worker's wave
     * @param addLabels labels from the file the Node lacks (for PRESENT; joining hosts get all of theirs)
     * @param problems what the check of a present node found wrong (kubelet not active, NotReady)
     */
    public record HostPlan(HostSpec host, String nodeName, Action action, String why, int position, int of,
            Map<String, String> addLabels, List<Kubeadm.Taint> addTaints, List<String> problems) {
        public HostPlan {
            addLabels = Map.copyOf(addLabels);
            addTaints = List.copyOf(addTaints);
            problems = List.copyOf(problems);
        }

        public boolean changes() {
            return action != Action.PRESENT || !addLabels.isEmpty() || !addTaints.isEmpty();
        }

        /** "w3: join as worker in wave 1 of 2", "w1: already a Ready node, check only". */
        public String describe() {
            String what = switch (action) {
                case INIT -> "init the cluster as its first control plane (" + why + ")";
                case JOIN_CONTROL_PLANE -> "join as control plane " + position + " of " + of + " (one at a time, etcd-safe)";
                case JOIN_WORKER -> "join as worker in wave " + position + " of " + of;
                case PRESENT ->
                        "already a" + (why.isEmpty() ? "" : " " + why) + " node, " + (changes() ? "check and" : "check only");
            };
            List<String> marks = new ArrayList<>();
            if (!addLabels.isEmpty()) {
                marks.add("label " + String.join(",", NodeMarks.describe(addLabels)));
            }
            if (!addTaints.isEmpty()) {
                marks.add("taint " + String.join(",", addTaints.stream().map(NodeMarks::describe).toList()));
            }
            if (!marks.isEmpty()) {
                what += action == Action.PRESENT ? " " + String.join("; ", marks) : "; then " + String.join("; ", marks);
            }
            if (!problems.isEmpty()) {
                what += " (" + String.join("; ", problems) + ")";
            }
            return host.name() + (nodeName.equals(host.name()) ? "" : " (node " + nodeName + ")") + ": " + what;
        }
    }

    public Optional<HostPlan> init() {
        return hosts.stream().filter(h -> h.action() == Action.INIT).findFirst();
    }

    public List<HostPlan> controlPlaneJoins() {
        return hosts.stream().filter(h -> h.action() == Action.JOIN_CONTROL_PLANE).toList();
    }

    /** The workers of wave {@code n} (1-based). */
    public List<HostPlan> wave(int n) {
        return hosts.stream().filter(h -> h.action() == Action.JOIN_WORKER && h.position() == n).toList();
    }

    public List<HostPlan> present() {
        return hosts.stream().filter(h -> h.action() == Action.PRESENT).toList();
    }

    /** True when there is nothing to do: every host is a node of the cluster's release with its labels and taints. */
    public boolean converged() {
        return upgrade.isEmpty() && hosts.stream().noneMatch(HostPlan::changes);
    }

    /** The plan as lines: the upgrade first, then one per host, then the certificate upload and the notes. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        upgrade.ifPresent(u -> lines.addAll(u.describe()));
        hosts.forEach(h -> lines.add(h.describe()));
        if (certificates == CertificateUpload.SEPARATE) {
            lines.add("cluster: upload the control-plane certificates again (new key, deleted after two hours) before the"
                    + " control planes join");
        }
        notes.forEach(n -> lines.add("note: " + n));
        if (converged()) {
            lines.add("Nothing to change: every host is a node of the cluster.");
        }
        return lines;
    }

    /**
     * The plan of a dry run: under each host that was prepared, which steps of host preparation
     * would change it.
     *
     * @param prepared by host name, one line per change, a script by its first line ("run: # kboot prepare/containerd: apply")
     */
    public List<String> describe(Map<String, List<String>> prepared) {
        List<String> lines = new ArrayList<>();
        upgrade.ifPresent(u -> lines.addAll(u.describe()));
        for (HostPlan p : hosts) {
            lines.add(p.describe());
            List<String> changes = prepared.get(p.host().name());
            if (changes == null) {
                continue;
            }
            List<String> steps = changes.stream().map(c -> STEP.matcher(c.replaceFirst("^run: ", ""))).filter(Matcher::find)
                    .map(m -> m.group(1)).distinct().toList();
            lines.add("  prepare: " + (changes.isEmpty() ? "nothing to change" : "would change " + String.join(", ", steps)
                    + " (" + changes.size() + " change(s), listed above)"));
        }
        List<String> rest = describe();
        int upgradeLines = upgrade.map(u -> u.describe().size()).orElse(0);
        lines.addAll(rest.subList(upgradeLines + hosts.size(), rest.size()));
        return lines;
    }
}
