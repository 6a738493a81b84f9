package io.kboot.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {
    @Test
    void quotesOnlyWhatNeedsIt() {
        assertEquals("/etc/kubernetes/pki", Shell.quote("/etc/kubernetes/pki"));
        assertEquals("'a b'", Shell.quote("a b"));
        assertEquals("'it'\\''s'", Shell.quote("it's"));
        assertEquals("''", Shell.quote(""));
        assertEquals("'$(reboot)'", Shell.quote("$(reboot)"));
        assertEquals("modprobe overlay 'br netfilter'", Shell.quoteAll(List.of("modprobe", "overlay", "br netfilter")));
    }
}
