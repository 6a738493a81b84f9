package io.kboot.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.api.EtcdClient;
import io.kboot.config.Endpoint;
import io.kboot.config.JoinSettings;
import io.kboot.config.TestSettings;
import io.kboot.host.RecordingHost;
import io.kboot.report.Reporter;
import io.kboot.report.Reporters;
import io.kboot.templates.Templates;
import io.kboot.token.BootstrapToken;
import io.kboot.workflow.Runner;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlPlaneJoinTest {

    @Test
    void theWorkflowHasKubeadmsControlPlanePhasesAroundKubeletStart() {
        List<String> paths = JoinWorkflow.build().paths();
        List<String> expected = List.of("discovery", "control-plane-prepare/download-certs", "control-plane-prepare/certs",
                "control-plane-prepare/kubeconfig", "control-plane-prepare/control-plane", "kubelet-start",
                "control-plane-join/etcd",
                "control-plane-join/mark-control-plane", "wait-control-plane");
        assertEquals(expected, paths.stream().filter(expected::contains).toList(), paths.toString());
    }

    @Test
    void aWorkerRunsTheControlPlanePhasesAsNoOps() {
        JoinSettings worker = TestSettings.join(f -> {
            f.apiServerEndpoint = Optional.of(Endpoint.parse("10.0.0.1:6443"));
            f.token = Optional.of(BootstrapToken.parse("abcdef.0123456789abcdef"));
            f.unsafeSkipCaVerification = true;
        });
        RecordingHost host = new RecordingHost("w1");
        Reporters.Captured output = Reporters.capturing();
        Reporter reporter = output.reporter();
        JoinContext ctx = new JoinContext(worker, host, reporter);
        for (String phase : List.of("control-plane-prepare", "control-plane-join", "wait-control-plane")) {
            Runner.run(JoinWorkflow.build().plan(Optional.of(phase), Set.of()), ctx, reporter);
        }
        assertEquals(List.of(), host.events(), "a worker's run touches nothing");
        assertEquals(7, output.text().split("this node joins as a worker \\(no --control-plane\\)", -1).length - 1,
                output.text());
    }

    @Test
    void theInitialClusterListsTheOtherMembersInMemberAddsOrder() {
        List<EtcdClient.Member> members = List.of(
                new EtcdClient.Member("17", "cp3", List.of("https://10.0.0.3:2380"), false),
                new EtcdClient.Member("42", "", List.of("https://10.0.0.2:2380"), true),
                new EtcdClient.Member("5", "cp1", List.of("https://10.0.0.1:2380"), false));
        assertEquals(List.of("cp3=https://10.0.0.3:2380", "cp1=https://10.0.0.1:2380"),
                ControlPlaneJoin.initialCluster(members, "42"));
    }

    @Test
    void etcdEndpointsComeFromTheEtcdPodsAnnotations() {
        JsonNode pods = Templates.parseYaml("""
                - metadata: {name: etcd-cp1, annotations: {kubeadm.kubernetes.io/etcd.advertise-client-urls: \
                "https://10.0.0.1:2379"}}
                - metadata: {name: etcd-cp2, annotations: {kubeadm.kubernetes.io/etcd.advertise-client-urls: \
                "https://10.0.0.2:2379,https://10.0.0.1:2379"}}
                - metadata: {name: etcd-other}
                """);
        assertEquals(List.of(URI.create("https://10.0.0.1:2379"), URI.create("https://10.0.0.2:2379")),
                ControlPlaneJoin.endpointsFrom(pods));
        assertTrue(ControlPlaneJoin.endpointsFrom(Templates.parseYaml("[]")).isEmpty());
    }
}
