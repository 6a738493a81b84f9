package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EtcdTagsTest {
    @Test
    void tagsCompareByVersionThenRevision() {
        assertTrue(EtcdTags.compare("3.6.8-0", "3.6.6-0") > 0);
        assertTrue(EtcdTags.compare("3.6.6-0", "3.6.8-0") < 0);
        assertTrue(EtcdTags.compare("3.6.10-0", "3.6.8-0") > 0);
        assertTrue(EtcdTags.compare("3.6.8-1", "3.6.8-0") > 0);
        assertEquals(0, EtcdTags.compare("3.6.8-0", "3.6.8-0"));
        assertTrue(EtcdTags.compare("3.5.21-0", "3.6.4-0") < 0);
    }
}
