package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.ssh.SshConfig;
import io.kboot.host.ssh.SshTarget;
import io.kboot.hostprep.NodeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster file checked up front: every problem named with its line, SSH settings merged, paths resolved. */
class ClusterSpecTest {
    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void keys() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), "not read before connecting");
        Files.writeString(dir.resolve("lab-key"), "not read before connecting");
    }

    private ClusterSpec load(String yaml) throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, yaml);
        return ClusterSpec.load(file, home);
    }

    private String error(String yaml) {
        return assertThrows(KbootException.InvalidInput.class, () -> load(yaml)).getMessage();
    }

    @Test
    void theSshConfigAppliesUnderTheFilesOwnSettings() throws Exception {
        Path config = home.resolve(".ssh/config");
        Files.writeString(config, """
                Host cp1 w1
                  HostName 127.0.0.1
                  User cfguser
                  Port 2201
                  IdentityFile ~/.ssh/id_ed25519
                Host w1
                  Port 2202
                """);
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, """
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                hosts:
                - {name: cp1, address: cp1, role: control-plane}
                - {name: w1, address: w1, role: worker, user: root, port: 2299}
                - {name: w2, address: w2, role: worker}
                """);
        ClusterSpec spec = ClusterSpec.load(file, home, SshConfig.load(config, home, "me"));
        SshTarget cp1 = spec.hosts().get(0).target();
        assertEquals(new SshTarget.Address("127.0.0.1", 2201, Optional.of("cfguser")), cp1.address());
        assertEquals(List.of(home.resolve(".ssh/id_ed25519")), cp1.auth().identityFiles());
        assertEquals(new SshTarget.Address("127.0.0.1", 2299, Optional.of("root")), spec.hosts().get(1).target().address());
        assertEquals(new SshTarget.Address("w2", 22, Optional.of("root")), spec.hosts().get(2).target().address());
        assertEquals("cp1", spec.hosts().get(0).name());

        Files.writeString(config, "Host w2\n  IdentityFile ~/.ssh/gone\n");
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class,
                () -> ClusterSpec.load(file, home, SshConfig.load(config, home, "me")));
        String expected =
                "Cluster hosts[2].address: " + config + ":2: IdentityFile " + home.resolve(".ssh/gone") + ": no such file";
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test
    void sshSettingsMergeWithTheHostsOwnWinningAndPathsResolve() throws Exception {
        ClusterSpec spec = load("""
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                metadata: {name: lab}
                ssh: {user: admin, port: 2200, key: ~/.ssh/id_ed25519, knownHosts: known_hosts, sudo: true, jump: bastion}
                hosts:
                - {name: cp1, address: 10.0.0.10, role: control-plane, advertiseAddress: 10.1.0.10}
                - {address: 10.0.0.11, role: worker, user: root, port: 22, key: lab-key, sudo: false, jump: "a@j1,j2:2222",
                   labels: {node-role.kubernetes.io/worker: "", disk: ssd}}
                """);
        assertEquals("lab", spec.name());
        HostSpec cp1 = spec.hosts().get(0);
        assertEquals(Optional.of("admin"), cp1.target().address().user());
        assertEquals(2200, cp1.target().address().port());
        assertEquals(List.of(home.resolve(".ssh/id_ed25519")), cp1.target().auth().identityFiles());
        assertEquals(Optional.of(dir.resolve("known_hosts")), cp1.target().hostKeys().knownHosts());
        assertTrue(cp1.target().sudo());
        assertEquals("bastion", cp1.target().connection().jump().orElseThrow().address().host());
        assertEquals(NodeRole.CONTROL_PLANE, cp1.role());
        assertEquals("10.1.0.10", cp1.advertiseAddress().orElseThrow().getHostAddress());

        HostSpec w = spec.hosts().get(1);
        assertEquals("10.0.0.11", w.name());
        assertEquals(Optional.empty(), w.nodeName(), "no name: the Node is named after the host's hostname");
        assertEquals(Optional.of("root"), w.target().address().user());
        assertEquals(22, w.target().address().port());
        assertEquals(List.of(dir.resolve("lab-key")), w.target().auth().identityFiles());
        assertTrue(!w.target().sudo());
        assertEquals("j2", w.target().connection().jump().orElseThrow().address().host());
        assertEquals("j1", w.target().connection().jump().orElseThrow().connection().jump().orElseThrow().address().host());
        assertEquals(Map.of("node-role.kubernetes.io/worker", "", "disk", "ssd"), w.labels());
        assertEquals(List.of(cp1), spec.controlPlanes());

        var settings = spec.initSettings(cp1, Set.of(), false);
        assertEquals(Optional.of("cp1"), settings.node().name());
        assertTrue(settings.bootstrap().tokens().isEmpty(), "apply makes its own short-lived tokens, init none");
    }

    @Test
    void everyProblemOfTheFileIsNamedWithItsLine() {
        String message = error("""
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                hosts:
                - {name: cp1, address: 10.0.0.10, role: control-plane}
                - {name: cp2, address: 10.0.0.11, role: control-plane, advertiseAddress: not-an-ip}
                - {name: w1, address: 10.0.0.10, role: worker}
                - {name: w2, address: 10.0.0.12}
                - {name: w3, address: 10.0.0.13, role: worker, labels: {"bad key!": x, ok: "white space"},
                   taints: [{key: gpu, effect: Sometimes}]}
                """);
        assertTrue(message.contains("cluster.yaml:5:56: Cluster hosts[1].advertiseAddress: \"not-an-ip\" is not an IP address"),
                message);
        assertTrue(
                message.contains("cluster.yaml:6:14: Cluster hosts[2].address: SSH address 10.0.0.10:22 is also host \"cp1\"'s"),
                message);
        assertTrue(message.contains("Cluster hosts[3]: role is required (control-plane or worker)"), message);
        assertTrue(message.contains("Cluster hosts[4].labels.bad key!: \"bad key!\" is not a valid key"), message);
        assertTrue(message.contains("Cluster hosts[4].labels.ok: \"white space\" is not a valid value"), message);
        assertTrue(message.contains("Cluster hosts[4].taints[0].effect: \"Sometimes\" is not a taint effect"), message);
        assertTrue(message.contains("Cluster hosts: 2 control planes need a controlPlaneEndpoint"), message);
    }

    @Test
    void severalVmsBehindOneAddressAreToldApartByTheirPorts() throws Exception {
        ClusterSpec spec = load("""
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                ssh: {port: 2201}
                hosts:
                - {name: cp1, address: 127.0.0.1, role: control-plane}
                - {name: w1, address: 127.0.0.1, port: 2202, role: worker}
                """);
        assertEquals(List.of(2201, 2202), spec.hosts().stream().map(h -> h.target().address().port()).toList());
    }

    @Test
    void sshSettingsAndPathsAreCheckedBeforeConnecting() {
        String message = error("""
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                bundle: missing.tar
                ssh: {key: no-such-key}
                hosts:
                - {name: cp1, address: root@10.0.0.10, role: control-plane}
                - {name: w1, address: "10.0.0.11:2222", role: worker}
                - {name: w2, address: 10.0.0.12, role: worker, key: lab-key, jump: "a@,b"}
                - {name: w3, address: 10.0.0.13, role: worker, user: "bad user", key: lab-key}
                - {name: w4, address: 10.0.0.14, role: worker}
                - {name: w5, address: 10.0.0.15, role: worker}
                """);
        assertTrue(message
                .contains("cluster.yaml:6:15: Cluster hosts[0].address: \"root@10.0.0.10\" must be a host name or IP address"
                        + " only; give the user and port as user: and port:"),
                message);
        assertTrue(message.contains("Cluster hosts[1].address: \"10.0.0.11:2222\" must be a host name"), message);
        assertTrue(
                message.contains("cluster.yaml:4:7: Cluster ssh.key: cannot read the private key " + dir.resolve("no-such-key")),
                message);
        assertTrue(message.contains("Cluster hosts[3].user: invalid SSH host"), message);
        assertTrue(message.contains("Cluster hosts[2].jump: invalid SSH host 'a@': no host"), message);
        assertEquals(1, message.split("ssh.key").length - 1, "said once, not once per host: " + message);
        assertTrue(message.contains("cluster.yaml:3:1: Cluster bundle: no such file: " + dir.resolve("missing.tar")), message);
    }

    @Test
    void perHostFieldsOfKubeadmsDocumentsAreRefusedWithTheirPerHostSpelling() {
        String message = error("""
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                hosts:
                - {name: cp1, address: 10.0.0.10, role: control-plane}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration: {name: cp1}
                localAPIEndpoint: {advertiseAddress: 10.0.0.10}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                """);
        assertTrue(message.contains("InitConfiguration nodeRegistration.name: with a Cluster document each host's name is its"
                + " Node's name: set hosts[].name"), message);
        assertTrue(message.contains("InitConfiguration localAPIEndpoint.advertiseAddress: with a Cluster document the advertise"
                + " address is per host: set hosts[].advertiseAddress"), message);
        assertTrue(message.contains("JoinConfiguration : kboot apply makes each host's join configuration itself")
                || message.contains("kboot apply makes each host's join configuration itself"), message);
    }

    @Test
    void aFileWithoutAClusterDocumentOrWithUnknownPhasesIsRefused() {
        assertTrue(error("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                """).endsWith(": no Cluster document (apiVersion: kboot.io/v1alpha1, kind: Cluster); see docs/cluster.yaml"));
        assertTrue(error("""
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                hosts:
                - {name: cp1, address: 10.0.0.10, role: control-plane}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                skipPhases: [certs/nonsense]
                """).startsWith("unknown phase \"certs/nonsense\" for kinit master"));
    }

    @Test
    void theDocumentedExampleLoads() throws Exception {
        ClusterSpec spec = load(Files.readString(Path.of("docs/cluster.yaml")));
        assertEquals(List.of("cp1", "w1", "w2"), spec.hosts().stream().map(HostSpec::name).toList());
        assertEquals(Map.of("disk", "ssd"), spec.hosts().get(2).labels());
        assertEquals(Optional.of("kboot"), spec.hosts().get(2).target().address().user());
        assertTrue(spec.hosts().get(2).target().sudo());
        assertEquals("v1.36.3",
                spec.initSettings(spec.hosts().get(0), Set.of(), false).cluster().kubernetesVersion().toString());
    }
}
