package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void cidrGivesTheServiceAndDnsAddresses() {
        Cidr services = Cidr.parse("10.96.0.0/12");
        assertEquals("10.96.0.1", IpAddresses.format(services.address(1)));
        assertEquals("10.96.0.10", IpAddresses.format(services.address(10)));
        assertEquals("10.96.0.0/12", services.toString());
        assertEquals("10.96.0.0/12", Cidr.parse("10.100.1.2/12").toString(), "masked to the network like Go's ParseCIDR");
        Cidr v6 = Cidr.parse("fd00:10:96::/112");
        assertEquals("fd00:10:96::1", IpAddresses.format(v6.address(1)));
        assertTrue(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.96.0.0/12")));
        assertFalse(Cidr.parse("10.244.0.0/16").overlaps(Cidr.parse("10.96.0.0/12")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.96.0.0/30").address(4));
    }

    @Test
    void cidrRejectsWhatIsNotOne() {
        assertEquals("\"10.0.0/16\" is not a CIDR: \"10.0.0\" is not an IP address",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0/16")).getMessage());
        assertEquals("\"10.0.0.0\" is not a CIDR (expected address/prefix, e.g. 10.96.0.0/12)",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/16"));
    }

    @Test
    void ipLiteralsOnlyNeverNames() {
        assertTrue(IpAddresses.parse("192.168.56.10").isPresent());
        assertTrue(IpAddresses.parse("::1").isPresent());
        assertFalse(IpAddresses.parse("localhost").isPresent());
        assertFalse(IpAddresses.parse("256.1.1.1").isPresent());
        assertFalse(IpAddresses.parse("1.2.3").isPresent());
    }

    @Test
    void goDurations() {
        assertEquals(Duration.ofHours(8760), GoDuration.parse("8760h0m0s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals("8760h0m0s", GoDuration.format(Duration.ofHours(8760)));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1 day"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("24"));
    }

    @Test
    void kubernetesVersions() {
        KubernetesVersion v = KubernetesVersion.parse("1.34.2");
        assertEquals("v1.34.2", v.toString());
        assertEquals("v1.34", v.minorVersion());
        assertTrue(KubernetesVersion.parse("v1.33.9").compareTo(v) < 0);
        assertThrows(IllegalArgumentException.class, () -> KubernetesVersion.parse("1.30"));
    }

    @Test
    void endpoints() {
        assertEquals(new Endpoint("192.168.56.10", OptionalInt.of(6443)), Endpoint.parse("192.168.56.10:6443"));
        assertEquals(new Endpoint("lb.example.internal", OptionalInt.empty()), Endpoint.parse("lb.example.internal"));
        assertEquals(new Endpoint("fd00::1", OptionalInt.of(6443)), Endpoint.parse("[fd00::1]:6443"));
        assertEquals("[fd00::1]:6443", Endpoint.parse("[fd00::1]").toString(6443));
        assertEquals("cp:6443", Endpoint.parse("https://cp:6443").toString());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("cp:99999"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("fd00::1:6443"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("bad_host:6443"));
    }
}
