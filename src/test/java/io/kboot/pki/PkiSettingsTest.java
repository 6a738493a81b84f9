package io.kboot.pki;

import static io.kboot.pki.PkiSettingsFixtures.apiServerSans;
import static io.kboot.pki.PkiSettingsFixtures.certificateValidity;
import static io.kboot.pki.PkiSettingsFixtures.cluster;
import static io.kboot.pki.PkiSettingsFixtures.etcdPeerSans;
import static io.kboot.pki.PkiSettingsFixtures.etcdServerSans;
import static io.kboot.pki.PkiSettingsFixtures.issuing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.IpAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** SAN computation (kubeadm-contracts.md §1.3) and validation of the settings. */
class PkiSettingsTest {

    private static PkiSettings base() {
        return PkiSettings.defaults("node1", "192.168.0.101");
    }

    private static PkiSettings lb(PkiSettings s, String endpoint) {
        return cluster(s, c -> c.withControlPlaneEndpoint(Optional.of(ControlPlaneEndpoint.parse(endpoint))));
    }

    private static List<String> ips(AltNames names) {
        return names.ips().stream().map(IpAddresses::format).toList();
    }

    private static AltNames apiserver(PkiSettings s) {
        return CertSpec.named("apiserver").orElseThrow().altNames().apply(s);
    }

    @Test
    void defaults() {
        PkiSettings s = base();
        assertEquals("10.96.0.0/12", s.cluster().serviceSubnet());
        assertEquals("cluster.local", s.cluster().dnsDomain());
        assertEquals("kubernetes", s.cluster().name());
        assertEquals(EncryptionAlgorithm.RSA_2048, s.issuing().encryptionAlgorithm());
        assertEquals(Duration.ofHours(8760), s.issuing().certificateValidity());
        assertEquals(Duration.ofHours(87600), s.issuing().caCertificateValidity());
    }

    @Test
    void apiserverSansAreKubeadms() {
        AltNames names = apiserver(base());
        // RemoveDuplicateAltNames sorts the DNS names; IPs keep their order.
        assertEquals(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "node1"), names.dnsNames());
        assertEquals(List.of("10.96.0.1", "192.168.0.101"), ips(names));
    }

    @Test
    void serviceIpIsTheFirstAddressOfTheFirstServiceSubnet() {
        assertEquals("10.96.0.1", IpAddresses.format(base().cluster().apiServerServiceIp()));
        assertEquals("10.100.0.1", IpAddresses.format(base().cluster().withServiceSubnet("10.100.0.0/16").apiServerServiceIp()));
        assertEquals("fd00::1", IpAddresses.format(base().cluster().withServiceSubnet("fd00::/108").apiServerServiceIp()));
        PkiSettings dual = cluster(base(), c -> c.withServiceSubnet("10.96.0.0/12,fd00::/108"));
        assertEquals("10.96.0.1", IpAddresses.format(dual.cluster().apiServerServiceIp()));
    }

    @Test
    void ipv6Node() {
        PkiSettings s = cluster(PkiSettings.defaults("node1", "fd00:56::10"), c -> c.withServiceSubnet("fd00:10:96::/112"));
        assertEquals(List.of("fd00:10:96::1", "fd00:56::10"), ips(apiserver(s)));
        AltNames etcd = CertSpec.named("etcd-server").orElseThrow().altNames().apply(s);
        assertEquals(List.of("fd00:56::10", "127.0.0.1", "::1"), ips(etcd));
    }

    @Test
    void controlPlaneEndpointHostIsAnIpOrADnsSan() {
        AltNames byName = apiserver(lb(base(), "k8s.example.com:6443"));
        assertTrue(byName.dnsNames().contains("k8s.example.com"));
        assertEquals(List.of("10.96.0.1", "192.168.0.101"), ips(byName));

        AltNames byIp = apiserver(lb(base(), "192.168.0.200"));
        assertEquals(List.of("10.96.0.1", "192.168.0.101", "192.168.0.200"), ips(byIp));
        assertEquals(5, byIp.dnsNames().size());

        AltNames byV6 = apiserver(lb(base(), "[fd00::200]:6443"));
        assertEquals(List.of("10.96.0.1", "192.168.0.101", "fd00::200"), ips(byV6));
    }

    @Test
    void duplicatesAreRemoved() {
        AltNames names = apiserver(apiServerSans(lb(base(), "192.168.0.101:6443"), List.of("node1", "kubernetes", "10.96.0.1",
                "extra.example.com", "*.example.com", "192.168.0.101", "10.0.0.5")));
        assertEquals(List.of("*.example.com", "extra.example.com", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "node1"), names.dnsNames());
        assertEquals(List.of("10.96.0.1", "192.168.0.101", "10.0.0.5"), ips(names));
    }

    @Test
    void etcdSans() {
        PkiSettings s = etcdPeerSans(etcdServerSans(base(), List.of("etcd.example.com", "10.0.0.7")),
                List.of("peer.example.com"));
        AltNames server = CertSpec.named("etcd-server").orElseThrow().altNames().apply(s);
        assertEquals(List.of("etcd.example.com", "localhost", "node1"), server.dnsNames());
        assertEquals(List.of("192.168.0.101", "127.0.0.1", "::1", "10.0.0.7"), ips(server));
        AltNames peer = CertSpec.named("etcd-peer").orElseThrow().altNames().apply(s);
        assertEquals(List.of("localhost", "node1", "peer.example.com"), peer.dnsNames());
    }

    @Test
    void invalidSanEntriesAreIgnoredAndReported() {
        PkiSettings s = apiServerSans(base(), List.of("good.example.com", "bad_name", "UPPER.example.com"));
        CertSpec spec = CertSpec.named("apiserver").orElseThrow();
        assertEquals(List.of("bad_name", "UPPER.example.com"), spec.ignoredSans(s));
        assertTrue(spec.altNames().apply(s).dnsNames().contains("good.example.com"));
        assertTrue(!spec.altNames().apply(s).dnsNames().contains("bad_name"));
    }

    @Test
    void aMistypedIpIsAnErrorNotADnsName() {
        var e = assertThrows(KbootException.InvalidInput.class,
                () -> apiServerSans(base(), List.of("10.0.0.300")));
        assertEquals("apiServer.certSANs: \"10.0.0.300\" is not a valid IP address", e.getMessage());
        e = assertThrows(KbootException.InvalidInput.class,
                () -> etcdPeerSans(base(), List.of("fd00::zz")));
        assertEquals("etcd.local.peerCertSANs: \"fd00::zz\" is not a valid IP address", e.getMessage());
    }

    @Test
    void badAddressesNameTheValue() {
        var e = assertThrows(KbootException.InvalidInput.class,
                () -> PkiSettings.defaults("node1", "192.168.0.999"));
        assertEquals("advertiseAddress: \"192.168.0.999\" is not a valid IP address", e.getMessage());
        e = assertThrows(KbootException.InvalidInput.class,
                () -> PkiSettings.defaults("node1", "node1.example.com"));
        assertTrue(e.getMessage().contains("node1.example.com"));
        e = assertThrows(KbootException.InvalidInput.class, () -> cluster(base(), c -> c.withServiceSubnet("10.96.0.0/40")));
        assertTrue(e.getMessage().startsWith("serviceSubnet: \"10.96.0.0/40\""), e.getMessage());
        e = assertThrows(KbootException.InvalidInput.class, () -> cluster(base(), c -> c.withServiceSubnet("10.96.0.0")));
        assertTrue(e.getMessage().contains("10.96.0.0"));
        e = assertThrows(KbootException.InvalidInput.class, () -> lb(base(), "bad_host:6443"));
        assertTrue(e.getMessage().contains("bad_host"));
        e = assertThrows(KbootException.InvalidInput.class, () -> lb(base(), "lb:99999"));
        assertTrue(e.getMessage().contains("99999"));
        assertThrows(KbootException.InvalidInput.class, () -> certificateValidity(base(), Duration.ZERO));
        assertThrows(KbootException.InvalidInput.class, () -> PkiSettings.defaults(" ", "10.0.0.1"));
    }

    @Test
    void controlPlaneEndpointForms() {
        assertEquals(new ControlPlaneEndpoint("lb.example.com", OptionalInt.of(8443)),
                ControlPlaneEndpoint.parse("lb.example.com:8443"));
        assertEquals(new ControlPlaneEndpoint("lb.example.com", OptionalInt.empty()),
                ControlPlaneEndpoint.parse("lb.example.com"));
        assertEquals(new ControlPlaneEndpoint("fd00::1", OptionalInt.empty()), ControlPlaneEndpoint.parse("fd00::1"));
        assertEquals("https://[fd00::1]:6443", ControlPlaneEndpoint.parse("[fd00::1]:6443").url(1));
        assertEquals("https://lb:6443", ControlPlaneEndpoint.parse("lb").url(6443));
        assertEquals("https://lb:443", ControlPlaneEndpoint.parse("lb:443").url(6443));
    }

    @Test
    void partsRecomposeToEqualSettings() {
        PkiSettings s = issuing(apiServerSans(lb(base(), "lb:443"), List.of("x.example.com")),
                i -> i.withEncryptionAlgorithm(EncryptionAlgorithm.ECDSA_P256));
        assertEquals(s, new PkiSettings(s.node(), s.cluster(), s.sans(), s.issuing()));
        InetAddress address = s.node().advertiseAddress();
        assertEquals("192.168.0.101", IpAddresses.format(address));
    }
}
