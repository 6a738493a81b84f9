package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.CertificateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parts InitSettings and JoinSettings are made of: defaults < document < flags, per part. */
class NestedSettingsTest {
    private static final String KEY = "0123456789abcdef".repeat(4);
    private static final String OTHER_KEY = "fedcba9876543210".repeat(4);
    private static final BootstrapToken TOKEN = BootstrapToken.parse("abcdef.0123456789abcdef");

    private static final ConfigDocuments INIT = ConfigLoader.parse("c.yaml", """
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: InitConfiguration
            certificateKey: %s
            skipPhases: [addon/kube-proxy]
            nodeRegistration: {name: cp1, criSocket: "unix:///run/crio/crio.sock", ignorePreflightErrors: [NumCPU]}
            localAPIEndpoint: {advertiseAddress: 192.168.56.10, bindPort: 7443}
            timeouts: {discovery: 20m0s}
            """.formatted(KEY));

    @Test
    void theNodeTakesTheFlagsOverTheDocument() {
        InitSettings fromFile = TestSettings.init(INIT, f -> {});
        assertEquals(new NodeSettings(Optional.of("cp1"), "unix:///run/crio/crio.sock", IpAddresses.parse("192.168.56.10"), 7443),
                fromFile.node());
        InitSettings flagged = TestSettings.init(INIT, f -> {
            f.node.name = Optional.of("cp9");
            f.node.bindPort = Optional.of(6443);
        });
        assertEquals("cp9", flagged.node().name().orElseThrow());
        assertEquals(6443, flagged.node().bindPort());
        assertEquals("unix:///run/crio/crio.sock", flagged.node().criSocket(), "what no flag gives stays the document's");
        assertEquals(new NodeSettings(Optional.empty(), Defaults.CRI_SOCKET, Optional.empty(), Defaults.API_BIND_PORT),
                TestSettings.init(f -> {}).node());
    }

    @Test
    void runOptionsAddTheFlagsToTheDocument() {
        RunOptions run = TestSettings.init(INIT, f -> {
            f.run.ignorePreflightErrors = Set.of("Swap");
            f.run.skipPhases = Set.of("preflight");
        }).run();
        assertEquals(Set.of("NumCPU", "Swap"), run.ignorePreflightErrors());
        assertEquals(Set.of("addon/kube-proxy", "preflight"), run.skipPhases());
        assertEquals(Duration.ofMinutes(20), run.timeouts().discovery());
        Timeouts other = run.timeouts().with(List.of("discovery=1m"));
        assertEquals(run.withTimeouts(other),
                new RunOptions(run.ignorePreflightErrors(), run.skipPhases(), run.patches(), other));
        var e = assertThrows(KbootException.InvalidInput.class,
                () -> TestSettings.init(INIT, f -> f.run.ignorePreflightErrors = Set.of("all")));
        assertTrue(e.getMessage().startsWith("--ignore-preflight-errors with nodeRegistration.ignorePreflightErrors: "),
                e.getMessage());
    }

    @Test
    void theCertificateKeyIsACertificateKeyAndTheFlagWins() {
        InitBootstrap fromFile = TestSettings.init(INIT, f -> {}).bootstrap();
        assertEquals(KEY, fromFile.certificateKey().orElseThrow().reveal());
        assertFalse(fromFile.uploadCerts());
        InitBootstrap flagged = TestSettings.init(INIT, f -> {
            f.uploadCerts = true;
            f.certificateKey = Optional.of(CertificateKey.parse(OTHER_KEY));
            f.token = Optional.of(TOKEN);
            f.tokenTtl = Optional.of(Duration.ofHours(2));
        }).bootstrap();
        assertTrue(flagged.uploadCerts());
        assertEquals(OTHER_KEY, flagged.certificateKey().orElseThrow().reveal());
        assertEquals(Optional.of(TOKEN), flagged.tokens().get(0).token());
        assertEquals(Duration.ofHours(2), flagged.tokens().get(0).ttl());
        assertEquals(List.of(), flagged.withTokens(List.of()).tokens());
        assertTrue(flagged.withTokens(List.of()).uploadCerts(), "only the tokens change");
    }

    @Test
    void withersChangeOnlyTheirPart() {
        InitSettings s = TestSettings.init(INIT, f -> {});
        PkiInputs moved = s.pki().withDirectories("/srv/pki", "/srv");
        InitSettings changed = s.withPki(moved);
        assertEquals("/srv/pki", changed.pki().certificatesDir());
        assertEquals("/srv", changed.pki().kubeconfigDir());
        assertEquals(s.pki().sans(), changed.pki().sans());
        assertEquals(s.node(), changed.node());
        assertEquals(s.withRun(s.run()), s);
        Components etcd = s.components().withEtcdDataDir("/srv/etcd", Map.of());
        assertEquals("/srv/etcd", s.withComponents(etcd).components().etcdDataDir());
        assertEquals(s.components().kubeletExtraArgs(), etcd.kubeletExtraArgs());
    }

    @Test
    void aJoinIsDiscoveryNodeRoleAndRun() {
        CaCertHash pin = CaCertHash.parse("sha256:" + "ab".repeat(32));
        JoinSettings join = TestSettings.join(f -> {
            f.apiServerEndpoint = Optional.of(Endpoint.parse("10.0.0.1:6443"));
            f.token = Optional.of(TOKEN);
            f.caCertHashes = List.of(pin);
            f.controlPlane = true;
            f.certificateKey = Optional.of(CertificateKey.parse(KEY));
            f.run.skipPhases = Set.of("preflight");
        });
        assertEquals(JoinDiscovery.pinned(Endpoint.parse("10.0.0.1:6443"), TOKEN, List.of(pin)), join.discovery());
        assertFalse(join.discovery().unsafeSkipCaVerification());
        assertTrue(join.controlPlane());
        assertEquals(KEY, join.certificateKey().orElseThrow().reveal());
        assertEquals(Set.of("preflight"), join.run().skipPhases());
        var e = assertThrows(KbootException.InvalidInput.class, () -> TestSettings.join(f -> {
            f.apiServerEndpoint = Optional.of(Endpoint.parse("10.0.0.1:6443"));
            f.token = Optional.of(TOKEN);
            f.unsafeSkipCaVerification = true;
            f.certificateKey = Optional.of(CertificateKey.parse(KEY));
        }));
        assertTrue(e.getMessage().startsWith("--certificate-key is for joining a control plane"), e.getMessage());
    }

    @Test
    void aJoinConfigurationsKeyIsParsedAndMakesAControlPlane() {
        ConfigDocuments docs = ConfigLoader.parse("j.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                discovery: {bootstrapToken: {apiServerEndpoint: "10.0.0.1:6443", token: abcdef.0123456789abcdef,
                  unsafeSkipCAVerification: true}}
                controlPlane: {certificateKey: %s, localAPIEndpoint: {advertiseAddress: 10.0.0.2, bindPort: 7443}}
                """.formatted(KEY));
        JoinSettings join = TestSettings.join(docs, f -> {});
        assertTrue(join.controlPlane());
        assertEquals(KEY, join.certificateKey().orElseThrow().reveal());
        assertEquals(7443, join.node().bindPort());
        assertEquals(IpAddresses.parse("10.0.0.2"), join.node().advertiseAddress());
    }
}
