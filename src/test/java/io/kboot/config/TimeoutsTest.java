package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeoutsTest {
    @Test
    void kubeadmsDefaultsThenTheDocumentThenTheFlags(@TempDir Path dir) throws Exception {
        assertEquals(new Timeouts(Duration.ofMinutes(4), Duration.ofMinutes(4), Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5)), Timeouts.from(Optional.empty()));
        Path file = dir.resolve("join.yaml");
        Files.writeString(file, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                discovery: {bootstrapToken: {apiServerEndpoint: "10.0.0.1:6443", token: abcdef.0123456789abcdef, \
                unsafeSkipCAVerification: true}}
                timeouts: {discovery: 20m0s, tlsBootstrap: 15m}
                """);
        JoinSettings join = JoinSettings.from(ConfigLoader.load(file), new JoinSettings.Flags());
        assertEquals(Duration.ofMinutes(20), join.run().timeouts().discovery());
        assertEquals(Duration.ofMinutes(15), join.run().timeouts().tlsBootstrap());
        assertEquals(Duration.ofMinutes(1), join.run().timeouts().kubernetesAPICall(), "the rest stay kubeadm's");
        Timeouts flagged = join.run().timeouts().with(List.of("discovery=2m", "kubernetesAPICall=90s"));
        assertEquals(Duration.ofMinutes(2), flagged.discovery());
        assertEquals(Duration.ofSeconds(90), flagged.kubernetesAPICall());
        assertEquals(Duration.ofMinutes(15), flagged.tlsBootstrap());
    }

    /** kubeadm's upgrade reads its timeouts from the UpgradeConfiguration alone (prepareStaticVariables). */
    @Test
    void theUpgradeTakesTheUpgradeConfigurationsTimeoutsNotTheInitConfigurations() {
        ConfigDocuments both = ConfigLoader.parse("c.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                timeouts: {controlPlaneComponentHealthCheck: 20m0s}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: UpgradeConfiguration
                timeouts: {upgradeManifests: 20m0s, kubeletHealthCheck: 10m}
                """);
        Timeouts upgrade = both.upgradeTimeouts();
        assertEquals(Duration.ofMinutes(20), upgrade.upgradeManifests());
        assertEquals(Duration.ofMinutes(10), upgrade.kubeletHealthCheck());
        assertEquals(Duration.ofMinutes(4), upgrade.controlPlaneComponentHealthCheck(), "not the InitConfiguration's");
        ConfigDocuments initOnly = ConfigLoader.parse("c.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                timeouts: {controlPlaneComponentHealthCheck: 20m0s}
                """);
        assertEquals(Timeouts.DEFAULTS, initOnly.upgradeTimeouts());
    }

    @Test
    void anUpgradeConfigurationIsCheckedAndItsUnreadSectionsRefused() {
        var bad = assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.parse("u.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: UpgradeConfiguration
                timeouts: {upgradeManifests: soon}
                """));
        assertTrue(bad.getMessage().startsWith("u.yaml:3:"), bad.getMessage());
        assertTrue(bad.getMessage().contains("timeouts.upgradeManifests"), bad.getMessage());
        var unread = assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.parse("u.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: UpgradeConfiguration
                apply: {certificateRenewal: false}
                """));
        assertTrue(unread.getMessage().startsWith("u.yaml:3:"), unread.getMessage());
        assertTrue(unread.getMessage().contains("unknown field \"apply\" in UpgradeConfiguration"), unread.getMessage());
    }

    @Test
    void aBadTimeoutFlagNamesWhatWasWrong() {
        var unknown = assertThrows(KbootException.InvalidInput.class, () -> Timeouts.DEFAULTS.with(List.of("discover=2m")));
        assertTrue(unknown.getMessage().startsWith("--timeout \"discover=2m\": expected NAME=DURATION with NAME one of"
                + " controlPlaneComponentHealthCheck, kubeletHealthCheck, kubernetesAPICall"), unknown.getMessage());
        var noValue = assertThrows(KbootException.InvalidInput.class, () -> Timeouts.DEFAULTS.with(List.of("discovery")));
        assertTrue(noValue.getMessage().contains("expected NAME=DURATION"), noValue.getMessage());
        var malformed = assertThrows(KbootException.InvalidInput.class, () -> Timeouts.DEFAULTS.with(List.of("discovery=ten")));
        assertTrue(malformed.getMessage().startsWith("--timeout discovery: "), malformed.getMessage());
        var zero = assertThrows(KbootException.InvalidInput.class, () -> Timeouts.DEFAULTS.with(List.of("tlsBootstrap=0s")));
        assertEquals("--timeout tlsBootstrap: must be longer than 0s", zero.getMessage());
    }
}
