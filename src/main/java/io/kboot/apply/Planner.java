package io.kboot.apply;

import io.kboot.apply.ApplyPlan.Action;
import io.kboot.apply.ApplyPlan.HostPlan;
import io.kboot.config.KubernetesVersion;
import io.kboot.upgrade.SkewPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what an apply does, as a pure function of the cluster file's hosts and what was
 * observed: no host, no API, so every case is a unit test.
 *
 * <p>The cluster counts as made when its API server answers and kboot's state ConfigMap exists
 * (written right after init finished). Otherwise the first control plane of the file gets
 * {@code kinit master}: a new cluster, or one whose init stopped halfway (kinit converges). A host
 * that is already a Node is checked and left alone, apart from labels and taints of the file it
 * lacks; every other host joins, control planes one at a time, workers in waves.
 */
public final class Planner {
    private Planner() {}

    /**
     * As {@link #plan(List, Observation, int)}, and when the made cluster runs another release than
     * {@code target} (kube-system/kubeadm-config's, else kube-system/kboot-cluster's record, or a
     * Node's kubelet left behind by a run that stopped), the upgrade before anything joins: joining
     * nodes get the target's release.
     *
     * @param upgradeWave workers upgraded at once; empty: a tenth of them, at least one
     */
    public static ApplyPlan plan(List<HostSpec> hosts, Observation observed, int waveSize, KubernetesVersion target,
            Optional<Integer> upgradeWave) {
        ApplyPlan plan = plan(hosts, observed, waveSize);
        if (observed.apiHost().isEmpty() || observed.state().isEmpty()) {
            return plan;
        }
        // What the cluster runs, as kubeadm-config says (kubeadm's upgrade moves it, kboot's record does
        // not know of a kubeadm upgrade); kboot's record where the ConfigMap was not read.
        String running = observed.runningVersion().map(KubernetesVersion::toString)
                .orElse(observed.state().get().kubernetesVersion());
        List<HostPlan> present = plan.present();
        boolean behind = !running.equals(target.toString()) || present.stream()
                .map(p -> observed.nodes().get(p.nodeName()).kubeletVersion())
                .anyMatch(v -> !v.isEmpty() && !v.equals(target.toString()));
        if (!behind) {
            return plan;
        }
        List<String> refused = refusals(running, target);
        if (!refused.isEmpty()) {
            List<String> conflicts = new ArrayList<>(plan.conflicts());
            conflicts.addAll(refused);
            return new ApplyPlan(plan.hosts(), plan.certificates(), plan.waves(), plan.notes(), conflicts);
        }
        List<HostSpec> controlPlanes = present.stream().map(HostPlan::host).filter(HostSpec::controlPlane).toList();
        List<HostSpec> workers = present.stream().map(HostPlan::host).filter(h -> !h.controlPlane()).toList();
        int wave = upgradeWave.orElse(RollingUpgrade.defaultWaveSize(workers.size()));
        // The plan names the release kboot recorded (a stopped run's starting point), else what runs.
        String recorded = observed.state().get().kubernetesVersion();
        String from = !recorded.isEmpty() ? recorded : running.isEmpty() ? "an unrecorded release" : running;
        return plan.withUpgrade(new RollingUpgrade(from, target.toString(),
                controlPlanes, RollingUpgrade.waves(workers, wave)));
    }

    /** What the skew policy refuses of the file's release, before any node is touched (apply has no --force). */
    private static List<String> refusals(String running, KubernetesVersion target) {
        KubernetesVersion from;
        try {
            from = KubernetesVersion.parse(running);
        } catch (IllegalArgumentException e) {
            return List.of(); // no release recorded: the kubelets' versions make the plan
        }
        return SkewPolicy.versionChange(from, target).stream().filter(v -> v.blocks(false))
                .map(v -> "kubernetesVersion " + target + " in the file, the cluster at " + from + ": " + v.message()).toList();
    }

    public static ApplyPlan plan(List<HostSpec> hosts, Observation observed, int waveSize) {
        if (waveSize < 1) {
            throw new IllegalArgumentException("wave size must be at least 1, got " + waveSize);
        }
        List<String> conflicts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        HostSpec initHost = hosts.stream().filter(HostSpec::controlPlane).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no control plane"));
        boolean made = observed.apiHost().isPresent() && observed.state().isPresent();
        if (!made) {
            refuseInitOverAnotherCluster(hosts, observed, initHost, conflicts);
        }

        Map<String, String> hostByNode = new HashMap<>();
        List<HostPlan> plans = new ArrayList<>();
        for (HostSpec host : hosts) {
            Observation.HostProbe probe = observed.hosts().get(host.name());
            String nodeName = probe != null ? probe.nodeName() : host.nodeName().orElse(host.name());
            String other = hostByNode.putIfAbsent(nodeName, host.name());
            if (other != null) {
                conflicts.add("hosts " + other + " and " + host.name() + " would both be the Node \"" + nodeName
                        + "\": give them distinct names in the file");
            }
            Optional<Observation.NodeStatus> node = Optional.ofNullable(observed.nodes().get(nodeName));
            if (!made && host == initHost) {
                plans.add(
                        new HostPlan(host, nodeName, Action.INIT, initReason(observed, probe), 1, 1, host.labels(), host.taints(),
                                List.of()));
            } else if (node.isPresent()) {
                plans.add(present(host, nodeName, node.get(), probe, conflicts));
            } else {
                plans.add(new HostPlan(host, nodeName, host.controlPlane() ? Action.JOIN_CONTROL_PLANE : Action.JOIN_WORKER, "",
                        0, 0,
                        host.labels(), host.taints(), List.of()));
            }
        }

        Set<String> inFile = new HashSet<>(hostByNode.keySet());
        observed.nodes().keySet().stream().filter(n -> !inFile.contains(n)).sorted().forEach(n -> notes.add("Node " + n
                + " is in the cluster but not in the file: left alone (apply never removes nodes)"));

        List<HostPlan> numbered = number(plans, waveSize);
        long controlPlaneJoins = numbered.stream().filter(p -> p.action() == Action.JOIN_CONTROL_PLANE).count();
        boolean init = numbered.stream().anyMatch(p -> p.action() == Action.INIT);
        ApplyPlan.CertificateUpload certificates = controlPlaneJoins == 0 ? ApplyPlan.CertificateUpload.NONE
                : init ? ApplyPlan.CertificateUpload.WITH_INIT : ApplyPlan.CertificateUpload.SEPARATE;
        int workers = (int) numbered.stream().filter(p -> p.action() == Action.JOIN_WORKER).count();
        return new ApplyPlan(numbered, certificates, (workers + waveSize - 1) / waveSize, notes, conflicts);
    }

    /**
     * kinit runs only on the file's first control plane, and only where no cluster may be running:
     * refused when another control plane's API server answers (a second cluster beside it), or when
     * any control plane, the first included, has admin.conf while nothing answers (init over it).
     */
    private static void refuseInitOverAnotherCluster(List<HostSpec> hosts, Observation observed, HostSpec initHost,
            List<String> conflicts) {
        if (observed.apiHost().isPresent() && !observed.apiHost().get().equals(initHost.name())) {
            conflicts.add("the API server answers on " + observed.apiHost().get() + ", not on " + initHost.name()
                    + " (the file's first control plane), and the cluster has no " + ClusterState.NAMESPACE + "/"
                    + ClusterState.NAME
                    + " ConfigMap: list the control plane that made the cluster first");
            return;
        }
        // A control plane with admin.conf whose API server does not answer may hold a running cluster
        // (slow or restarting: the upgrade lab's was), the first one included: init is never run over it.
        if (observed.apiHost().isEmpty()) {
            hosts.stream().filter(HostSpec::controlPlane)
                    .filter(h -> observed.hosts().containsKey(h.name()) && observed.hosts().get(h.name()).adminConf())
                    .forEach(h -> conflicts.add(h == initHost
                            ? h.name() + " has /etc/kubernetes/admin.conf, but its API server did not answer for "
                                    + ClusterObserver.PATIENCE.toSeconds() + " s: apply does not run init over a control plane"
                                    + " it cannot ask, which may hold a running cluster; bring its API server back, or, if its"
                                    + " init was interrupted, `kboot reset` it and apply again"
                            : h.name() + " has /etc/kubernetes/admin.conf, but no control plane's API server answers: apply"
                                    + " does not make a new cluster over one that is down; bring its control plane back first"));
        }
    }

    private static String initReason(Observation observed, Observation.HostProbe probe) {
        if (observed.apiHost().isPresent()) {
            return "again: its API server answers but " + ClusterState.NAMESPACE + "/" + ClusterState.NAME
                    + " is missing, so init did not finish; kinit converges";
        }
        return "new cluster";
    }

    private static HostPlan present(HostSpec host, String nodeName, Observation.NodeStatus node, Observation.HostProbe probe,
            List<String> conflicts) {
        if (host.controlPlane() != node.controlPlane()) {
            conflicts.add(
                    host.name() + " is a " + (node.controlPlane() ? "control-plane" : "worker") + " Node, the file makes it a "
                            + host.role() + ": apply does not change a node's role (reset the host, then apply)");
        }
        List<String> problems = new ArrayList<>();
        if (!node.ready()) {
            problems.add("the Node is NotReady");
        }
        if (probe != null && !probe.kubeletActive()) {
            problems.add("the kubelet is not active");
        }
        return new HostPlan(host, nodeName, Action.PRESENT, node.ready() ? "Ready" : "NotReady", 0, 0,
                NodeMarks.missingLabels(node.labels(), host.labels()), NodeMarks.missingTaints(node.taints(), host.taints()),
                problems);
    }

    /** Control planes numbered in file order; workers in waves of {@code waveSize}, in file order. */
    private static List<HostPlan> number(List<HostPlan> plans, int waveSize) {
        int controlPlanes = (int) plans.stream().filter(p -> p.action() == Action.JOIN_CONTROL_PLANE).count();
        int workers = (int) plans.stream().filter(p -> p.action() == Action.JOIN_WORKER).count();
        int waves = (workers + waveSize - 1) / waveSize;
        int cp = 0;
        int worker = 0;
        List<HostPlan> numbered = new ArrayList<>();
        for (HostPlan p : plans) {
            if (p.action() == Action.JOIN_CONTROL_PLANE) {
                numbered.add(new HostPlan(p.host(), p.nodeName(), p.action(), p.why(), ++cp, controlPlanes, p.addLabels(),
                        p.addTaints(),
                        p.problems()));
            } else if (p.action() == Action.JOIN_WORKER) {
                numbered.add(
                        new HostPlan(p.host(), p.nodeName(), p.action(), p.why(), worker++ / waveSize + 1, waves, p.addLabels(),
                                p.addTaints(), p.problems()));
            } else {
                numbered.add(p);
            }
        }
        return numbered;
    }
}
