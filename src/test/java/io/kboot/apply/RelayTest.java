package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kboot.KbootException;
import io.kboot.workflow.Phase;
import io.kboot.workflow.PhaseFailedException;
import io.kboot.workflow.RecordingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Apply's stages hand values on through the relay, and are reported like any phase. */
class RelayTest {

    private static List<String> plus(List<String> before, String stage) {
        List<String> after = new ArrayList<>(before);
        after.add(stage);
        return List.copyOf(after);
    }

    @Test
    void eachStageTakesWhatTheOneBeforeReturned() {
        RecordingListener heard = new RecordingListener();
        Relay<List<String>> relay = new Relay<>(List.of("observed"));
        relay.run("kboot apply", List.of(
                Phase.leaf("init", "Init", Relay.stage(v -> plus(v, "init"))),
                Phase.group("join-workers", "Workers",
                        Phase.leaf("wave-1", "Wave 1", Relay.stage(v -> plus(v, "wave-1"))),
                        Phase.leaf("wave-2", "Wave 2", Relay.stage(v -> plus(v, "wave-2"))))),
                heard);

        assertEquals(List.of("observed", "init", "wave-1", "wave-2"), relay.value());
        assertEquals(List.of("started init", "finished init", "started join-workers/wave-1", "finished join-workers/wave-1",
                "started join-workers/wave-2", "finished join-workers/wave-2"), heard.events());
    }

    @Test
    void afterAFailureTheValueIsWhatTheLastStageThatFinishedReturned() {
        RecordingListener heard = new RecordingListener();
        Relay<List<String>> relay = new Relay<>(List.of());
        PhaseFailedException failed = assertThrows(PhaseFailedException.class, () -> relay.run("kboot apply", List.of(
                Phase.leaf("init", "Init", Relay.stage(v -> plus(v, "init"))),
                Phase.leaf("check", "Check", Relay.stage(v -> {
                    throw new KbootException.StepFailed("w1: the kubelet is not active");
                })),
                Phase.leaf("never", "Never", Relay.stage(v -> plus(v, "never")))), heard));

        assertEquals("check", failed.path());
        assertEquals(KbootException.StepFailed.class, failed.getCause().getClass());
        assertEquals(List.of("init"), relay.value(), "what init opened can still be closed");
        assertEquals(List.of("started init", "finished init", "started check", "failed check"), heard.events());
    }

    @Test
    void aStageRunOnceReturnsItsValueAndIsReportedAsItsPhase() {
        RecordingListener heard = new RecordingListener();

        assertEquals("3 hosts", Relay.once("kboot apply", "connect", "Connect", () -> "3 hosts", heard));
        assertEquals(List.of("started connect", "finished connect"), heard.events());
    }
}
