package io.kboot.upgrade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.config.KubernetesVersion;
import io.kboot.controlplane.Component;
import io.kboot.hostprep.ComponentVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code kboot upgrade plan} shows, as a pure function of what runs and the target: per node
 * the running and target versions of etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and the kubelet, then CoreDNS and kube-proxy, with the target's etcd and CoreDNS
 * tags from {@code templates/versions.yaml}, and every verdict of {@link SkewPolicy}.
 *
 * @param targetFrom where the target came from ("--to", "--bundle kboot-bundle.tar", "cluster.yaml")
 * @param targetEtcd the etcd tag kubeadm pins for the target; empty for a release kboot does not know
 * @param targetCoreDns the CoreDNS tag kubeadm pins for the target; empty for a release kboot does not know
 */
public record UpgradePlan(ClusterVersions cluster, KubernetesVersion target, String targetFrom, Optional<String> targetEtcd,
        Optional<String> targetCoreDns, List<Change> changes, SkewPolicy.Verdicts verdicts) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NONE = "-";
    private static final String UNKNOWN = "?";

    public UpgradePlan {
        changes = List.copyOf(changes);
    }

    /**
     * One row: a component on a node ({@code node} empty for the cluster's add-ons), what runs
     * ("-" when nothing was found) and what the upgrade makes it ("?" when kboot does not know).
     */
    public record Change(String component, String node, String current, String target) {
        public boolean changes() {
            return !current.equals(target);
        }
    }

    /**
     * The plan for upgrading the cluster to {@code target}.
     *
     * @param bundle the release of the bundle the upgrade would install, when one is given
     */
    public static UpgradePlan of(ClusterVersions cluster, KubernetesVersion target, String targetFrom,
            Optional<KubernetesVersion> bundle) {
        SkewPolicy.Verdicts verdicts = SkewPolicy.check(cluster, target, bundle);
        boolean known = verdicts.verdict(SkewPolicy.KNOWN_RELEASE).map(v -> v.outcome() == SkewPolicy.Outcome.PASS)
                .orElse(false);
        Optional<ComponentVersions.Release> pins =
                known ? Optional.of(ComponentVersions.bundled().controlPlaneRelease(target)) : Optional.empty();
        Optional<String> etcd = pins.map(ComponentVersions.Release::etcd);
        Optional<String> coreDns = pins.map(ComponentVersions.Release::coredns);
        String release = target.toString();
        List<Change> changes = new ArrayList<>();
        for (ClusterVersions.NodeVersions node : cluster.controlPlanes()) {
            String runningEtcd = node.image(Component.ETCD).orElse(NONE);
            // kubeadm leaves a newer etcd as it is (see SkewPolicy's etcd-downgrade).
            String etcdTarget = etcd.map(pinned -> !runningEtcd.equals(NONE) && EtcdTags.compare(pinned, runningEtcd) < 0
                    ? runningEtcd : pinned).orElse(UNKNOWN);
            changes.add(new Change(Component.ETCD.id(), node.name(), runningEtcd, etcdTarget));
            for (Component c : List.of(Component.KUBE_APISERVER, Component.KUBE_CONTROLLER_MANAGER, Component.KUBE_SCHEDULER)) {
                changes.add(new Change(c.id(), node.name(), node.image(c).orElse(NONE), release));
            }
        }
        for (ClusterVersions.NodeVersions node : cluster.nodes()) {
            changes.add(new Change("kubelet", node.name(), node.kubelet().orElse(NONE), release));
        }
        changes.add(new Change("CoreDNS", "", cluster.coreDns().orElse(NONE), coreDns.orElse(UNKNOWN)));
        changes.add(new Change("kube-proxy", "", cluster.kubeProxy().orElse(NONE), release));
        return new UpgradePlan(cluster, target, targetFrom, etcd, coreDns, changes, verdicts);
    }

    public String title() {
        return "Upgrade plan: " + cluster.configured() + " → " + target + " (target from " + targetFrom + ")";
    }

    /** The plan as kubeadm upgrade plan prints it: a COMPONENT NODE CURRENT TARGET table, then the verdicts. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("Cluster version (kube-system/kubeadm-config): " + cluster.configured());
        lines.add("Target version: " + target + " (etcd " + targetEtcd.orElse(UNKNOWN) + ", CoreDNS "
                + targetCoreDns.orElse(UNKNOWN) + ")");
        lines.add("");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"COMPONENT", "NODE", "CURRENT", "TARGET"});
        changes.forEach(c -> rows.add(new String[] {c.component(), c.node(), c.current(), c.target()}));
        lines.addAll(table(rows));
        lines.add("");
        lines.add("Version skew policy:");
        for (SkewPolicy.Verdict v : verdicts.all()) {
            lines.add(
                    "  " + String.format(Locale.ROOT, "%-9s", v.outcome().name().toLowerCase(Locale.ROOT)) + " " + v.describe());
        }
        lines.add("");
        if (verdicts.nothingToUpgrade()) {
            lines.add("The control plane runs " + target + " already; nodes still on another release are upgraded with"
                    + " kboot upgrade node.");
        } else if (verdicts.blocking(false).isEmpty()) {
            String first = cluster.controlPlanes().isEmpty() ? "<first control plane>" : cluster.controlPlanes().get(0).name();
            lines.add("Upgrade with: kboot upgrade apply " + target + " --host " + first + " --bundle <bundle of " + target + ">,"
                    + " then kboot upgrade node on every other node (or kboot apply -f with the new kubernetesVersion).");
        } else {
            lines.add("The version skew policy refuses this upgrade" + (verdicts.blocking(true).isEmpty()
                    ? " unless --force is given." : "."));
        }
        return lines;
    }

    private static List<String> table(List<String[]> rows) {
        int[] widths = new int[4];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i < r.length - 1 ? String.format(Locale.ROOT, "%-" + (widths[i] + 3) + "s", r[i]) : r[i]);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** The same facts for -o json. */
    public ObjectNode toJson() {
        ObjectNode plan = JSON.createObjectNode();
        plan.put("clusterVersion", cluster.configured().toString()).put("target", target.toString()).put("targetFrom",
                targetFrom);
        targetEtcd.ifPresentOrElse(t -> plan.put("targetEtcd", t), () -> plan.putNull("targetEtcd"));
        targetCoreDns.ifPresentOrElse(t -> plan.put("targetCoreDns", t), () -> plan.putNull("targetCoreDns"));
        ArrayNode nodes = plan.putArray("nodes");
        for (ClusterVersions.NodeVersions node : cluster.nodes()) {
            ObjectNode n = nodes.addObject().put("name", node.name()).put("controlPlane", node.controlPlane());
            node.kubelet().ifPresentOrElse(k -> n.put("kubelet", k), () -> n.putNull("kubelet"));
            ObjectNode pods = n.putObject("staticPods");
            node.staticPods().forEach((c, tag) -> pods.put(c.id(), tag));
        }
        cluster.coreDns().ifPresentOrElse(t -> plan.put("coreDns", t), () -> plan.putNull("coreDns"));
        cluster.kubeProxy().ifPresentOrElse(t -> plan.put("kubeProxy", t), () -> plan.putNull("kubeProxy"));
        ArrayNode rows = plan.putArray("changes");
        changes.forEach(c -> {
            ObjectNode row = rows.addObject().put("component", c.component());
            if (c.node().isEmpty()) {
                row.putNull("node");
            } else {
                row.put("node", c.node());
            }
            row.put("current", c.current()).put("target", c.target()).put("changes", c.changes());
        });
        ArrayNode verdictList = plan.putArray("verdicts");
        verdicts.all().forEach(v -> verdictList.addObject().put("rule", v.rule())
                .put("outcome", v.outcome().name().toLowerCase(Locale.ROOT)).put("message", v.message()));
        plan.put("nothingToUpgrade", verdicts.nothingToUpgrade());
        plan.put("refused", !verdicts.blocking(false).isEmpty());
        return plan;
    }
}
