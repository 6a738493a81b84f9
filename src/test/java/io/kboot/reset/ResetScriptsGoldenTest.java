package io.kboot.reset;

import static io.kboot.script.GoldenScripts.assertGolden;
import static io.kboot.script.GoldenScripts.transcript;

import io.kboot.host.RecordingHost;
import io.kboot.hostprep.HostPaths;
import io.kboot.workflow.Runner;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The check and change scripts of reset, byte for byte, for representative nodes. */
class ResetScriptsGoldenTest {

    @Test
    void aWholeResetOfAJoinedWorker() {
        RecordingHost host = ResetWorkflowTest.joinedWorker()
                .answer("reset/cleanup-node/iptables: check", "### kboot-iptables iptables-nft nft\n" + IptablesCleanupTest.WORKER
                        + "### kboot-iptables ip6tables-legacy legacy\n"
                        + "*filter\n:KUBE-FIREWALL - [0:0]\n-A INPUT -j KUBE-FIREWALL\nCOMMIT\n"
                        + "### kboot-nft ip\n### kboot-nft ip6\n");
        ResetFixture.run(host, ctx -> Runner.run(ResetWorkflow.build().plan(Optional.empty(), Set.of()), ctx, ctx.reporter()));
        assertGolden("reset/joined-worker.sh", transcript(host));
    }

    @Test
    void filesOfAControlPlaneWithACertificateDirectoryElsewhereAndEtcd() {
        ResetSettings settings = new ResetSettings(new HostPaths("/tmp/noderoot"), "/srv/k8s-pki");
        FileCleanup.Targets targets = FileCleanup.targets(settings, Optional.of("/var/lib/etcd"));
        assertGolden("reset/files-control-plane.sh", FileCleanup.check(targets) + "#### change\n" + FileCleanup.change(targets));
    }

    @Test
    void iptablesChangeWithNothingToDeleteButNftTables() {
        assertGolden("reset/iptables-nft-only.sh", IptablesCleanup.change(List.of(), List.of("ip", "inet")));
    }
}
