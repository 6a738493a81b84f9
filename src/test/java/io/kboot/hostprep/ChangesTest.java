package io.kboot.hostprep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 25, item 8: a dry run says what a step would do, not what it did. */
class ChangesTest {
    @Test
    void aDescriptionBecomesConditional() {
        assertEquals("would install containerd, runc with apt-get",
                Changes.conditional("installed containerd, runc with apt-get"));
        assertEquals("would start containerd", Changes.conditional("started containerd"));
        assertEquals("would write /etc/containerd/config.toml", Changes.conditional("wrote /etc/containerd/config.toml"));
        assertEquals("would turn off 2 swap device(s)", Changes.conditional("turned off 2 swap device(s)"));
        assertEquals("would set net.ipv4.ip_forward to 1", Changes.conditional("set net.ipv4.ip_forward to 1"));
        assertEquals("would: kboot-firewall.service re-inserts these rules at boot",
                Changes.conditional("kboot-firewall.service re-inserts these rules at boot"));
    }
}
