package io.kboot.cli;

import static io.kboot.cli.CliTest.kboot;
import static io.kboot.cli.CliTest.kinit;
import static io.kboot.cli.CliTest.kjoin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.CpuClock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, items 3 and 7: flags pass the same checks as the file's fields, and every bad value is
 * exit 2 before a host is opened. The target is 127.0.0.1:1, where nothing listens: a command
 * that got as far as connecting would fail with exit 1, not 2.
 */
class FlagValidationTest {
    private static final String NOWHERE = "root@127.0.0.1:1";
    private static final String TOKEN = "abcdef.0123456789abcdef";
    private static final String HASH = "sha256:3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a";

    private static CliTest.Outcome master(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "master";
        args[1] = "--host";
        args[2] = NOWHERE;
        System.arraycopy(flags, 0, args, 3, flags.length);
        return kinit(args);
    }

    private static void refused(CliTest.Outcome outcome, String expected) {
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(expected), outcome.err());
        assertFalse(outcome.err().contains("unexpected error"), outcome.err());
    }

    @Test
    void podNetworkCidrTakesOneCidrOrOneOfEachFamily() {
        refused(master("--pod-network-cidr", "10.0.0.0/16,fd00::/56,10.2.0.0/16"),
                "at most two CIDRs, one IPv4 and one IPv6, got 3");
        refused(master("--pod-network-cidr", "10.0.0.0/16,10.1.0.0/16"), "two CIDRs must be one IPv4 and one IPv6");
    }

    /** --timeout (issue 17): a wait's bound for one run; a bad one is refused before the node is opened. */
    @Test
    void aTimeoutFlagNamesAKnownTimeoutAndAPositiveDuration() {
        refused(master("--timeout", "discover=5m"), "--timeout \"discover=5m\": expected NAME=DURATION with NAME one of");
        refused(master("--timeout", "discovery=soon"), "--timeout discovery: ");
        refused(kjoin("127.0.0.1:1", "--host", NOWHERE, "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH, "--timeout",
                "tlsBootstrap=0s"),
                "--timeout tlsBootstrap: must be longer than 0s");
    }

    /** The drain flags (issue 19): a positive Go duration, and only with -f, whose cluster has the API to drain through. */
    @Test
    void aDrainTimeoutIsAPositiveDurationAndTheDrainFlagsGoWithAClusterFile() {
        refused(kboot("reset", "-f", "cluster.yaml", "--hosts", "w1", "--force", "--drain-timeout", "0s"),
                "--drain-timeout': \"0s\" must be longer than 0s");
        refused(kboot("reset", "-f", "cluster.yaml", "--hosts", "w1", "--force", "--drain-timeout", "-1m"),
                "--drain-timeout': \"-1m\" is negative");
        refused(kboot("reset", "-f", "cluster.yaml", "--force", "--drain-timeout", "soon"), "--drain-timeout': ");
        refused(kboot("reset", "--host", NOWHERE, "--force", "--delete-emptydir-data"),
                "--no-drain, --drain-timeout, --delete-emptydir-data and --force-drain go with -f");
    }

    @Test
    void serviceCidrMustHoldTheDnsServiceAddress() {
        refused(master("--service-cidr", "10.96.0.0/30"), "10.96.0.0/30 is too small for a service subnet");
        refused(master("--service-cidr", "10.0.0.0/8"), "10.0.0.0/8 is too large for a service subnet");
    }

    @Test
    void namesDomainsAndSansAreCheckedLikeTheFilesFields() {
        refused(master("--service-dns-domain", "Cluster.Local"), "--service-dns-domain");
        refused(master("--node-name", "Node_1"), "\"Node_1\" is not a valid name");
        refused(kjoin("127.0.0.1:1", "--host", NOWHERE, "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH, "--node-name",
                "a b"),
                "\"a b\" is not a valid name");
        refused(master("--apiserver-cert-extra-sans", "ok.example,bad name"), "\"bad name\" is not a valid IP address, DNS name");
    }

    @Test
    void allStandsAloneAmongIgnoredPreflightChecks() {
        refused(master("--ignore-preflight-errors", "all,Swap"), "\"all\" ignores every check: do not name other checks with it");
    }

    @Test
    void aTtlBeyondGosRangeIsRefusedQuicklyAndBriefly() {
        CpuClock cpu = CpuClock.start();
        CliTest.Outcome ttl = master("--token-ttl", "1".repeat(30_000) + "h");
        refused(ttl, "…(30001 characters)\" is out of range");
        assertTrue(ttl.err().length() < 400, ttl.err());
        assertTrue(cpu.spent().toSeconds() < 5, "was 35 s of CPU");
    }

    @Test
    void portsAndCertificateKeysAreCheckedAndAKeyIsNeverEchoed() {
        refused(master("--apiserver-bind-port", "70000"), "70000 is not a port");
        refused(master("--apiserver-bind-port", "6443.9"), "\"6443.9\" is not a port");
        refused(kjoin("127.0.0.1:1", "--host", NOWHERE, "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH,
                "--control-plane",
                "--apiserver-bind-port", "0"), "0 is not a port");
        String key = "g".repeat(64);
        CliTest.Outcome outcome = master("--upload-certs", "--certificate-key", key);
        refused(outcome, "invalid certificate key (64 characters)");
        assertFalse(outcome.err().contains(key), outcome.err());
    }

    @Test
    void anUnsupportedKubernetesVersionIsRefusedBeforeSsh() {
        refused(master("--kubernetes-version", "v1.30.0"),
                "--kubernetes-version: kboot cannot bootstrap a control plane of Kubernetes v1.30.0;"
                        + " supported releases: v1.35, v1.36");
    }

    @Test
    void anUnsupportedKubernetesVersionInTheFileIsRefusedWithItsPlace(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("kubeadm.yaml"),
                "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.34.9\n");
        refused(master("--config", config.toString()), config + ":3:1: ClusterConfiguration kubernetesVersion: kboot cannot"
                + " bootstrap a control plane of Kubernetes v1.34.9");
    }

    @Test
    void pathsAndSocketsThatWouldBreakTheManifestsAreRefused() {
        refused(master("--cert-dir", "/etc/kubernetes/p\"ki"), "is not a path kboot supports");
        refused(master("--cri-socket", "containerd.sock"), "\"containerd.sock\" is not a CRI socket");
    }

    @Test
    void certsRenewWithAnUnknownNameDoesNotLogInAnywhere() {
        refused(kboot("certs", "renew", "apiserverr", "--host", NOWHERE), "cannot renew \"apiserverr\": valid names are all,");
    }

    @Test
    void aMalformedAddressIsNotLookedUpInDns() {
        refused(kinit("master", "--host", "root@999.1.1.1"), "--host: \"999.1.1.1\" is not a valid IPv4 address");
        refused(kinit("master", "--host", "root@10.0.0.1", "--jump", "j@10.0.0.300"),
                "--jump: \"10.0.0.300\" is not a valid IPv4");
    }

    @Test
    void knownHostsMustBeAFile(@TempDir Path dir) throws Exception {
        refused(master("--known-hosts", dir.toString()), "--known-hosts: " + dir + " is a directory, not a file");
        Path key = Files.createDirectory(dir.resolve("key"));
        refused(master("--ssh-key", key.toString()), "--ssh-key: " + key + " is a directory");
    }
}
