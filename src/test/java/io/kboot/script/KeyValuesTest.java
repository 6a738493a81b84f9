package io.kboot.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyValuesTest {

    @Test
    void repeatedKeysKeepTheirOrderAndTheFirstValueIsTheValue() {
        KeyValues parsed = KeyValues.parse("mount=/a\nstate=active\nmount=/b\n");
        assertEquals(List.of("/a", "/b"), parsed.values("mount"));
        assertEquals(Optional.of("active"), parsed.value("state"));
        assertEquals(Optional.of("/a"), parsed.value("mount"));
    }

    @Test
    void theKeyEndsAtTheFirstEqualsSignAndBothSidesAreStripped() {
        KeyValues parsed = KeyValues.parse(" os_name = Debian GNU/Linux 12 (a=b) \r\n");
        assertEquals(Optional.of("Debian GNU/Linux 12 (a=b)"), parsed.value("os_name"));
    }

    @Test
    void linesWithoutAKeyAreIgnoredAndAnEmptyValueIsAValue() {
        KeyValues parsed = KeyValues.parse("stray output\n=no key\nenabled=\n\n");
        assertEquals(List.of("enabled"), List.copyOf(parsed.entries().keySet()));
        assertTrue(parsed.has("enabled"));
        assertEquals("", parsed.value("enabled", "otherwise"));
        assertFalse(parsed.has("stray output"));
        assertEquals("otherwise", parsed.value("missing", "otherwise"));
        assertEquals(List.of(), parsed.values("missing"));
    }
}
