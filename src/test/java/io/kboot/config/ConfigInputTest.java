package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.CpuClock;
import io.kboot.KbootException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 25: YAML that crashed the loader, or was silently reinterpreted, or cost unbounded work, is
 * now a located InvalidInput.
 */
class ConfigInputTest {
    private static final String INIT = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n";
    private static final String CLUSTER = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n";
    private static final String KUBELET = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";

    private static String error(String yaml) {
        return assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.parse("c.yaml", yaml)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {".inf", "-.inf", ".nan", ".NaN", "1e400"})
    void infAndNanAreLocatedErrorsInPassedThroughDocumentsToo(String value) {
        assertEquals("c.yaml:3:10: \"" + value + "\" is not a finite number (YAML's .inf and .nan are no value of kubeadm's"
                + " documents)", error(KUBELET + "maxPods: " + value + "\n"));
        assertTrue(error(INIT + "localAPIEndpoint:\n  bindPort: " + value + "\n").startsWith("c.yaml:4:13: "));
    }

    @Test
    void nullListItemsAreLocatedErrors() {
        assertEquals("c.yaml:5:5: InitConfiguration nodeRegistration.taints[0]: null is not allowed here (remove the item or"
                + " give it a value)", error(INIT + "nodeRegistration:\n  taints:\n  - null\n"));
        assertTrue(error(INIT + "bootstrapTokens:\n- ~\n").startsWith("c.yaml:4:3: InitConfiguration bootstrapTokens[0]: null"));
        assertTrue(
                error(INIT + "skipPhases: [preflight, null]\n").startsWith("c.yaml:3:25: InitConfiguration skipPhases[1]: null"));
        assertTrue(error(CLUSTER + "apiServer:\n  certSANs:\n  -\n").contains("apiServer.certSANs[0]: null is not allowed"));
        assertTrue(
                error(CLUSTER + "apiServer:\n  extraArgs:\n  - null\n").contains("apiServer.extraArgs[0]: null is not allowed"));
        assertTrue(error(CLUSTER + "featureGates:\n  A: null\n").contains("featureGates.A: null is not allowed"));
        assertTrue(error("apiVersion: kboot.io/v1alpha1\nkind: Cluster\nhosts:\n- null\n").contains("Cluster hosts[0]: null"));
    }

    @Test
    void anExtraArgWithoutANameIsRefusedBeforeAnyManifestIsWritten() {
        assertEquals("c.yaml:5:5: ClusterConfiguration apiServer.extraArgs[0]: an argument needs a name",
                error(CLUSTER + "apiServer:\n  extraArgs:\n  - value: x\n"));
        assertTrue(error(CLUSTER + "scheduler:\n  extraArgs:\n  - name: --v\n    value: \"2\"\n")
                .contains("scheduler.extraArgs[0].name: \"--v\" is not an argument name"));
    }

    @Test
    void aliasesAreRefusedWhereTheyAreUsed() {
        assertEquals("c.yaml:5:14: YAML alias *n is not supported: write the value out where it is used",
                error(CLUSTER + "clusterName: &n lab\nnetworking:\n  dnsDomain: *n\n"));
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotOverwritten() {
        assertEquals("c.yaml:5:11: duplicate field \"networking\" (kubeadm refuses a key given twice in one mapping)",
                error(CLUSTER + "networking:\n  podSubnet: 10.244.0.0/16\nnetworking:\n  dnsDomain: lab.local\n"));
        assertTrue(error(KUBELET + "maxPods: 1\nmaxPods: 2\n").startsWith("c.yaml:4:8: duplicate field \"maxPods\""));
    }

    @Test
    void fractionsStringsAndBooleansAreNotIntegers() {
        for (String value : new String[] {"6443.9", "\"6443\"", "true"}) {
            assertEquals("c.yaml:4:3: InitConfiguration localAPIEndpoint.bindPort: invalid value: expected an integer",
                    error(INIT + "localAPIEndpoint:\n  bindPort: " + value + "\n"), value);
        }
        assertTrue(
                error(INIT + "dryRun: \"true\"\n").contains("InitConfiguration dryRun: invalid value: expected true or false"));
    }

    @Test
    void aNonHexCertificateKeyInTheFileIsRefusedWithoutRepeatingIt() {
        String key = "z".repeat(64);
        String message = error(INIT + "certificateKey: " + key + "\n");
        assertEquals("c.yaml:3:1: InitConfiguration certificateKey: invalid certificate key (64 characters): expected 64 hex"
                + " digits, as printed by kinit master --upload-certs", message);
        String join = error(
                "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ncontrolPlane:\n  certificateKey: " + key + "\n");
        assertTrue(join.contains("JoinConfiguration controlPlane.certificateKey: invalid certificate key") && !join.contains(key),
                join);
    }

    @Test
    void networkingIsCheckedAsKubeadmChecksIt() {
        assertTrue(error(CLUSTER + "networking:\n  podSubnet: 10.0.0.0/16,10.1.0.0/16\n")
                .endsWith(
                        "networking.podSubnet: \"10.0.0.0/16,10.1.0.0/16\": two CIDRs must be one IPv4 and one IPv6"
                                + " (dual-stack)"));
        assertTrue(
                error(CLUSTER + "networking:\n  podSubnet: 10.0.0.0/16,fd00::/56,10.2.0.0/16\n").contains("at most two CIDRs"));
        assertTrue(error(CLUSTER + "networking:\n  serviceSubnet: 10.96.0.0/30\n")
                .endsWith("10.96.0.0/30 is too small for a service subnet: the DNS Service takes its tenth address, so the prefix"
                        + " must be /28 or shorter"));
        assertTrue(error(CLUSTER + "networking:\n  serviceSubnet: fd00::/64\n")
                .contains("fd00::/64 is too large for a service subnet"));
        assertTrue(
                error(CLUSTER + "networking:\n  dnsDomain: Cluster_Local\n").contains("networking.dnsDomain: \"Cluster_Local\""));
    }

    @Test
    void certificateSansAreIpsDnsNamesOrWildcards() {
        String message =
                error(CLUSTER + "apiServer:\n  certSANs: [ok.example, \"*.example.com\", 10.0.0.1, \"bad name\", 10.0.0.256]\n"
                        + "etcd:\n  local:\n    peerCertSANs: [\"a..b\"]\n");
        assertTrue(message
                .contains("c.yaml:4:53: ClusterConfiguration apiServer.certSANs[3]: \"bad name\" is not a valid IP address,"
                        + " DNS name or wildcard DNS name"),
                message);
        assertTrue(message.contains("apiServer.certSANs[4]: \"10.0.0.256\""), message);
        assertTrue(message.contains("etcd.local.peerCertSANs[0]: \"a..b\""), message);
        assertEquals(3, message.lines().count(), message);
    }

    @Test
    void allStandsAloneInIgnorePreflightErrors() {
        assertTrue(error(INIT + "nodeRegistration:\n  ignorePreflightErrors: [all, Swap]\n")
                .contains(
                        "nodeRegistration.ignorePreflightErrors: \"all\" ignores every check: do not name other checks with it"));
    }

    @Test
    void durationsBeyondGosRangeAreRefusedNotClamped() {
        String ttl = "1".repeat(30_000) + "h";
        CpuClock cpu = CpuClock.start();
        String message = error(INIT + "bootstrapTokens:\n- ttl: " + ttl + "\n");
        assertTrue(cpu.spent().toMillis() < 2_000, "linear, not quadratic");
        assertTrue(message.startsWith("c.yaml:4:3: InitConfiguration bootstrapTokens[0].ttl: \"1111"), message);
        assertTrue(message.contains("…(30001 characters)\" is out of range") && message.length() < 300, message);
    }

    @Test
    void bootstrapTokenUsagesAndGroupsAreKubeadms() {
        String message = error(INIT + "bootstrapTokens:\n- usages: [signing, flying]\n  groups: [system:masters]\n");
        assertTrue(message.contains("bootstrapTokens[0].usages[1]: \"flying\" is not a token usage"), message);
        assertTrue(message.contains("bootstrapTokens[0].groups[0]: \"system:masters\" is not a bootstrap group"), message);
    }

    @Test
    void valuesWrittenIntoManifestsAreCheckedFirst() {
        String message = error(CLUSTER + "imageRepository: r\"gistry.k8s.io\ncertificatesDir: /etc/kubernetes/p\"i\n"
                + "etcd:\n  local:\n    dataDir: \"/var/lib/etcd data\"\n---\n" + INIT
                + "nodeRegistration:\n  criSocket: containerd.sock\n");
        assertTrue(
                message.contains(
                        "c.yaml:3:1: ClusterConfiguration imageRepository: \"r\"gistry.k8s.io\" is not an image repository"),
                message);
        assertTrue(
                message.contains("ClusterConfiguration certificatesDir: \"/etc/kubernetes/p\"i\" is not a path kboot supports"),
                message);
        assertTrue(message.contains("ClusterConfiguration etcd.local.dataDir: \"/var/lib/etcd data\""), message);
        assertTrue(message.contains("InitConfiguration nodeRegistration.criSocket: \"containerd.sock\" is not a CRI socket"),
                message);
    }

    @Test
    void aHugeVersionNumberIsAnErrorNotACrash() {
        assertTrue(error(CLUSTER + "kubernetesVersion: v99999999999.1.1\n")
                .contains("kubernetesVersion: \"v99999999999.1.1\" is not a Kubernetes version"));
    }

    @Test
    void sizesAreBoundedBeforeParsing(@TempDir Path dir) throws Exception {
        String scalar = "x".repeat(3 << 20);
        CpuClock cpu = CpuClock.start();
        assertEquals("c.yaml: larger than 1024 KiB; a kubeadm config or cluster file is a few KiB",
                error(KUBELET + "staticPodPath: " + scalar + "\n"));
        assertTrue(cpu.spent().toMillis() < 1_000, "refused before parsing");
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, KUBELET + "staticPodPath: " + scalar + "\n");
        assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.load(big));
        assertEquals("c.yaml:3:16: a value of 70000 characters; no field takes more than 65536",
                error(KUBELET + "staticPodPath: " + "x".repeat(70_000) + "\n"));
        assertTrue(error(KUBELET + "a: " + "[".repeat(100) + "]".repeat(100) + "\n").contains(": too large or too deep:"));
    }

    @Test
    void aDirectoryIsNotAConfigFile(@TempDir Path dir) {
        assertEquals("cannot read config file " + dir + ": it is a directory",
                assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.load(dir)).getMessage());
    }

    @Test
    void controlCharactersAreNotEchoed() {
        String message = error(CLUSTER + "clusterName: \"a\\u001b[31mred\"\n");
        assertTrue(message.contains("\"a\\u001b[31mred\" is not a valid name") && !message.contains("\u001b"), message);
    }
}
