package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @Test
    void parsesLiteralsOnly() {
        assertEquals("192.168.0.101", IpAddresses.format(IpAddresses.parse("192.168.0.101").orElseThrow()));
        assertEquals("::1", IpAddresses.format(IpAddresses.parse("::1").orElseThrow()));
        assertEquals("fd00::a:0:1", IpAddresses.format(IpAddresses.parse("fd00:0:0:0:0:a:0:1").orElseThrow()));
        assertEquals("2001:db8::", IpAddresses.format(IpAddresses.parse("2001:DB8::").orElseThrow()));
        assertEquals("::fffe:0:1", IpAddresses.format(IpAddresses.parse("::fffe:0:1").orElseThrow()));
        assertEquals("1.2.3.4", IpAddresses.format(IpAddresses.parse("::ffff:1.2.3.4").orElseThrow()));
    }

    @Test
    void rejectsWhatGoRejectsAndNeverResolvesNames() {
        for (String bad : new String[] {"localhost", "example.com", "10.1", "0x7f.0.0.1", "1.2.3.256", "1.2.3.4.5",
            "1:2:3:4:5:6:7:8:9", "1::2::3", "fe80::1%eth0", "[::1]", "", "12345::"}) {
            assertEquals(Optional.empty(), IpAddresses.parse(bad), bad);
        }
    }

    @Test
    void tellsTyposOfIpsFromDnsNames() {
        assertTrue(IpAddresses.looksLikeIp("10.0.0.300"));
        assertTrue(IpAddresses.looksLikeIp("fd00::g"));
        assertFalse(IpAddresses.looksLikeIp("node1.example.com"));
        assertFalse(IpAddresses.looksLikeIp("1234"));
    }

    @Test
    void firstAddressOfASubnet() {
        assertEquals("10.96.0.1", IpAddresses.format(Cidr.parse("10.96.0.0/12").address(1)));
        // The address is masked to the network first, as Go's ParseCIDR does.
        assertEquals("10.96.0.1", IpAddresses.format(Cidr.parse("10.100.3.7/12").address(1)));
        assertEquals("fd00::1", IpAddresses.format(Cidr.parse("fd00::/108").address(1)));
        assertEquals("fd00:10:96::1", IpAddresses.format(Cidr.parse("fd00:10:96::/112").address(1)));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.1/32").address(1));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0"));
    }
}
