package io.kboot.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.DryRunHost;
import io.kboot.host.ExecResult;
import io.kboot.host.RecordingHost;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Runner;
import io.kboot.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResetWorkflowTest {
    private static final Workflow<ResetContext> WORKFLOW = ResetWorkflow.build();

    @Test
    void kubeadmsPhasesThenHostPreparation() {
        assertEquals(List.of("preflight", "remove-etcd-member", "cleanup-node", "cleanup-node/kubelet", "cleanup-node/containers",
                "cleanup-node/files", "cleanup-node/network", "cleanup-node/iptables", "host-prep"), WORKFLOW.paths());
        Plan<ResetContext> plan = WORKFLOW.plan(Optional.empty(), Set.of("cleanup-node/iptables", "remove-etcd-member"));
        assertEquals(List.of("preflight", "cleanup-node/kubelet", "cleanup-node/containers", "cleanup-node/files",
                "cleanup-node/network",
                "host-prep"), plan.toRun().stream().map(Plan.Step::path).toList());
        assertThrows(KbootException.InvalidInput.class, () -> WORKFLOW.plan(Optional.of("cleanup-node/bogus"), Set.of()));
    }

    /** A worker as kjoin leaves it: kubelet running, pods, files, the bridge, chains, and host preparation's record. */
    static RecordingHost joinedWorker() {
        return new RecordingHost("w2")
                .answer("reset/preflight: check", "0\n")
                .answer("reset/cleanup-node/kubelet: check", "state=active\n")
                .answer("reset/cleanup-node/containers: check",
                        "containerd=running\ncontainer=4f1e\ncontainer=9a0b\nnetns=cni-1234\n")
                .answer("reset/cleanup-node/files: check", "kubelet-dir=/var/lib/kubelet\npresent=/var/lib/kubelet\n"
                        + "present=/etc/kubernetes/kubelet.conf\npresent=/etc/kubernetes/pki\npresent=/etc/cni/net.d\n")
                .answer("reset/cleanup-node/network: check", "bridge=cni0\nport=veth1\n")
                .answer("reset/cleanup-node/iptables: check",
                        "### kboot-iptables iptables-nft nft\n" + IptablesCleanupTest.WORKER)
                .answer("reset/host-prep: check", "present=/etc/cni/net.d\n")
                .file("/var/lib/kboot/hostprep.jsonl",
                        "{\"kind\":\"file-written\",\"path\":\"/etc/sysctl.d/99-kubernetes.conf\"}\n");
    }

    /** The same worker after a reset: every check finds nothing. */
    static RecordingHost cleanWorker() {
        return new RecordingHost("w2")
                .answer("reset/preflight: check", "0\n")
                .answer("reset/cleanup-node/kubelet: check", "state=inactive\n")
                .answer("reset/cleanup-node/containers: check", "containerd=absent\n")
                .answer("reset/cleanup-node/files: check", "kubelet-dir=/var/lib/kubelet\n")
                .answer("reset/cleanup-node/network: check", "")
                .answer("reset/cleanup-node/iptables: check",
                        "### kboot-iptables iptables-nft nft\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n")
                .answer("reset/host-prep: check", "");
    }

    private static ResetFixture.Run reset(RecordingHost host) {
        return ResetFixture.run(host, ctx -> Runner.run(WORKFLOW.plan(Optional.empty(), Set.of()), ctx, ctx.reporter()));
    }

    @Test
    void aWorkerIsCleanedInOrderAndHostPreparationIsUndoneLast() {
        RecordingHost host = joinedWorker();
        ResetFixture.Run run = reset(host);
        List<String> firstLines = host.changes().stream().map(s -> s.lines().findFirst().orElse("")).toList();
        assertEquals(List.of("# kboot reset/cleanup-node/kubelet: stop", "# kboot reset/cleanup-node/containers: remove",
                "# kboot reset/cleanup-node/files: delete", "# kboot reset/cleanup-node/network: delete",
                "# kboot reset/cleanup-node/iptables: delete", "# kboot reset: undo host preparation",
                "# kboot reset/host-prep: delete the CNI directory"), firstLines);
        assertTrue(run.out().contains("[remove-etcd-member] w2: no etcd static Pod on this node"), run.out());
        assertTrue(run.out().contains("[cleanup-node] w2: removed 2 container(s) of the k8s.io namespace, 1 pod network"
                + " namespace(s); restarted containerd"), run.out());
        assertTrue(run.out().contains("[cleanup-node] w2: deleted the cni0 bridge and 1 interface(s) attached to it"), run.out());
        assertTrue(run.out().contains("[host-prep] w2: undid 1 recorded change(s)"), run.out());
        assertTrue(run.out().contains("[host-prep] w2: deleted /etc/cni/net.d, which containerd kept until it was stopped"),
                run.out());
    }

    @Test
    void aSecondResetFindsNothingToDoAndChangesNothing() {
        RecordingHost host = cleanWorker();
        ResetFixture.Run run = reset(host);
        assertEquals(List.of(), host.changes());
        for (String phase : List.of("remove-etcd-member", "cleanup-node/kubelet", "cleanup-node/containers", "cleanup-node/files",
                "cleanup-node/network", "cleanup-node/iptables", "host-prep")) {
            String tag = phase.replaceFirst("/.*", "");
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith("[" + tag + "] w2: ") && l.contains("nothing to")),
                    phase + " says there was nothing to do:\n" + run.out());
        }
        assertEquals(7, run.out().lines().filter(l -> l.contains("nothing to")).count(), run.out());
    }

    @Test
    void aDryRunRunsTheChecksAndRecordsEveryChangeScript() {
        RecordingHost node = joinedWorker();
        DryRunHost dryRun = new DryRunHost(node);
        ResetFixture.run(dryRun, ctx -> Runner.run(WORKFLOW.plan(Optional.empty(), Set.of()), ctx, ctx.reporter()));
        assertEquals(List.of(), node.changes(), "nothing reached the node");
        assertEquals(7, dryRun.changes().size(), dryRun.changes()::toString);
        assertTrue(dryRun.changes().get(4).describe().contains("iptables-nft-restore --noflush"),
                dryRun.changes().get(4).describe());
    }

    @Test
    void preflightAsksAfterCheckingForRootAndANoChangesNothing() {
        List<String> asked = new ArrayList<>();
        RecordingHost host = joinedWorker();
        KbootException.StepFailed declined = assertThrows(KbootException.StepFailed.class, () -> ResetFixture.run(host,
                ResetSettings.DEFAULTS, (name, question) -> asked.add(name + ": " + question) && false, ResetPreflight::run));
        assertEquals("reset of w2 not confirmed: nothing was changed", declined.getMessage());
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).startsWith("w2: kboot reset reverts what kinit and kjoin did on w2"), asked.get(0));
        assertEquals(List.of(), host.changes());

        RecordingHost user = new RecordingHost("w2").answer("reset/preflight: check", "1000\n");
        KbootException.PreflightFailed notRoot = assertThrows(KbootException.PreflightFailed.class,
                () -> ResetFixture.run(user, ResetSettings.DEFAULTS, (name, question) -> {
                    throw new AssertionError("asked although the reset cannot run");
                }, ResetPreflight::run));
        assertTrue(notRoot.getMessage().contains("must run as root"), notRoot.getMessage());
    }

    @Test
    void kubeletStatesDecideWhetherToStop() {
        for (String state : List.of("inactive", "failed", "")) {
            RecordingHost host = new RecordingHost().answer("cleanup-node/kubelet: check", "state=" + state + "\n");
            assertTrue(ResetFixture.run(host, KubeletCleanup::run).out().contains("nothing to stop"), state);
            assertEquals(List.of(), host.changes());
        }
        RecordingHost restarting = new RecordingHost().answer("cleanup-node/kubelet: check", "state=activating\n");
        ResetFixture.run(restarting, KubeletCleanup::run);
        assertTrue(restarting.changes().get(0).contains("systemctl stop kubelet"));
        RecordingHost noSystemd = new RecordingHost().answer("cleanup-node/kubelet: check", "state=no-systemd\nrunning=yes\n");
        assertTrue(ResetFixture.run(noSystemd, KubeletCleanup::run).err().contains("stop it by hand"));
        RecordingHost stuck = new RecordingHost().answer("cleanup-node/kubelet: check", "state=active\n")
                .answer("cleanup-node/kubelet: stop",
                        new ExecResult(1, "warning: could not stop the kubelet: it is still active\n",
                                "1 step(s) failed"));
        assertThrows(KbootException.StepFailed.class, () -> ResetFixture.run(stuck, KubeletCleanup::run));
    }

    @Test
    void containersWithoutContainerdAreNoFailureButAStoppedContainerdIsWarnedAbout() {
        RecordingHost down = new RecordingHost().answer("cleanup-node/containers: check", "containerd=down\n");
        ResetFixture.Run run = ResetFixture.run(down, ContainerCleanup::run);
        assertTrue(run.err().contains("containerd does not answer"), run.err());
        assertEquals(List.of(), down.changes());
        RecordingHost leftovers = new RecordingHost().answer("cleanup-node/containers: check",
                "containerd=absent\nmount=/run/containerd/io.containerd.grpc.v1.cri/sandboxes/4f1e/shm\n");
        ResetFixture.run(leftovers, ContainerCleanup::run);
        String script = leftovers.changes().get(0);
        assertTrue(script.contains("ctr --timeout 60s -n k8s.io \"$@\""), script);
        assertTrue(
                script.contains("tasks kill -a -s SIGKILL") && script.contains("tasks rm -f") && script.contains("containers rm"),
                script);
        assertTrue(script.contains("ip netns delete \"$ns\""), script);
    }
}
