package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected texts printed by Go's fmt.Printf("%q\n", s) for the same strings. */
class GoQuoteTest {

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertEquals("\"--node-labels=a=\\\"b\\\" --root-dir=C:\\\\k\"", GoQuote.quote("--node-labels=a=\"b\" --root-dir=C:\\k"));
    }

    @Test
    void controlCharactersAreEscapedAsGoDoes() {
        assertEquals("\"tab\\there\\nnl\\r\\a\\b\\f\\v\\x00\\x1b\\x7f\"",
                GoQuote.quote("tab\there\nnl\r\u0007\b\f\u000b\u0000\u001b\u007f"));
    }

    @Test
    void printableUnicodeStaysAndOtherSpacesAndFormatCharactersAreEscaped() {
        assertEquals("\"nbsp\\u00a0shy\\u00adls\\u2028é漢😀\\U000e0001\"",
                GoQuote.quote("nbsp\u00a0shy\u00adls\u2028é漢😀" + Character.toString(0xE0001)));
    }
}
