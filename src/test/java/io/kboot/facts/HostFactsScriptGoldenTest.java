package io.kboot.facts;

import static io.kboot.script.GoldenScripts.assertGolden;
import static io.kboot.script.GoldenScripts.transcript;

import io.kboot.host.RecordingHost;
import org.junit.jupiter.api.Test;

/** The facts script, byte for byte. */
class HostFactsScriptGoldenTest {

    @Test
    void theFactsScript() {
        RecordingHost host = new RecordingHost().answer("echo \"uid=", HostFactsTest.DEBIAN_VM);
        HostFacts.gather(host);
        assertGolden("facts/gather.sh", transcript(host));
    }
}
