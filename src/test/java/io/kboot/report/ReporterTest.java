package io.kboot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.workflow.Runner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReporterTest {
    private static final Clock FIXED_CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void textLinesAreTaggedWithTheTopLevelPhaseAndEndInASummary() {
        Reporters.Captured output = Reporters.capturing();
        Reporter text = output.reporter();
        text.started("certs/apiserver");
        text.info("cp1", "Generating apiserver certificate");
        text.warn(null, "apiserver.crt lacks SAN 10.0.0.1");
        text.detail("cp1", "only with -v");
        text.finished("certs/apiserver", Duration.ofMillis(420));
        text.skipped("addon/coredns", Runner.SKIPPED_BY_REQUEST);
        text.plan("cp1", List.of("run: swapoff -a"));
        text.summary(true);
        assertEquals("""
                [certs] cp1: Generating apiserver certificate

                Dry run: 1 change(s) on cp1:
                  run: swapoff -a

                PHASE            RESULT   TIME
                certs/apiserver  done     0.4 s
                addon/coredns    skipped  -
                total            ok       0.4 s
                """, output.out());
        assertEquals("[certs] WARNING: apiserver.crt lacks SAN 10.0.0.1\n", output.err());
    }

    @Test
    void aPhaseSkippedByItsConditionSaysWhyInTextAndJsonAndOneLeftOutByRequestOnlyInTheSummary() {
        Reporters.Captured output = Reporters.capturing();
        Reporter text = output.reporter();
        text.skipped("upload-certs", "--upload-certs was not given");
        text.skipped("control-plane-join/etcd", "this node joins as a worker");
        text.skipped("addons/coredns", Runner.SKIPPED_BY_REQUEST);
        text.summary(true);
        assertEquals("""
                [upload-certs] Skipping: --upload-certs was not given
                [control-plane-join] Skipping etcd: this node joins as a worker

                PHASE                    RESULT   TIME
                upload-certs             skipped  -
                control-plane-join/etcd  skipped  -
                addons/coredns           skipped  -
                total                    ok       0.0 s
                """, output.out());

        Reporters.Captured events = Reporters.capturingJson(FIXED_CLOCK);
        events.reporter().skipped("upload-certs", "--upload-certs was not given");
        assertEquals("{\"time\":\"2026-11-22T00:00:00Z\",\"event\":\"phase-skipped\",\"phase\":\"upload-certs\","
                + "\"reason\":\"--upload-certs was not given\"}\n", events.out());
    }

    @Test
    void jsonIsOneEventPerLine() throws Exception {
        Reporters.Captured output = Reporters.capturingJson(FIXED_CLOCK);
        Reporter json = output.reporter();
        json.started("preflight");
        json.warn("cp1", "swap is on");
        json.finished("preflight", Duration.ofMillis(12));
        json.plan("cp1", List.of("run: swapoff -a"));
        json.summary(true);
        List<String> lines = output.out().lines().toList();
        assertEquals(5, lines.size());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode warning = mapper.readTree(lines.get(1));
        assertEquals("message", warning.get("event").asText());
        assertEquals("warning", warning.get("level").asText());
        assertEquals("preflight", warning.get("phase").asText());
        assertEquals("cp1", warning.get("host").asText());
        assertEquals(12, mapper.readTree(lines.get(2)).get("millis").asInt());
        assertEquals("run: swapoff -a", mapper.readTree(lines.get(3)).get("changes").get(0).asText());
        JsonNode summary = mapper.readTree(lines.get(4));
        assertTrue(summary.get("succeeded").asBoolean());
        assertEquals("2026-11-22T00:00:00Z", summary.get("time").asText());
    }

    /** Issue 25, item 8: text prints the join command as kubeadm does; JSON marks the event so a CI log can drop it. */
    @Test
    void aResultCarryingSecretsIsPrintedInTextAndMarkedInJson() throws Exception {
        List<String> lines = List.of("kjoin 10.0.0.1:6443 --token abcdef.0123456789abcdef");
        Reporters.Captured text = Reporters.capturing();
        text.reporter().secretResult("Joined", lines);
        Reporters.Captured plain = Reporters.capturing();
        plain.reporter().result("Joined", lines);
        assertEquals(plain.out(), text.out());
        assertTrue(text.out().contains("--token abcdef.0123456789abcdef"));

        Reporters.Captured output = Reporters.capturingJson(FIXED_CLOCK);
        Reporter json = output.reporter();
        json.result("Plan", List.of("nothing secret"));
        json.secretResult("Joined", lines);
        List<JsonNode> events = output.out().lines().map(line -> {
            try {
                return new ObjectMapper().readTree(line);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertTrue(events.get(0).path("secret").isMissingNode(), events.get(0).toString());
        assertTrue(events.get(1).get("secret").asBoolean(), events.get(1).toString());
        assertEquals("result", events.get(1).get("event").asText());
    }

    /** A result that is also data: the lines in text, one event carrying the lines and the data in JSON. */
    @Test
    void aResultWithDataIsLinesInTextAndOneEventWithTheDataInJson() throws Exception {
        ObjectNode data = new ObjectMapper().createObjectNode().put("target", "v1.36.3");
        Reporters.Captured text = Reporters.capturing();
        text.reporter().result("Upgrade plan", List.of("kubelet cp1 v1.35.4 v1.36.3"), data);
        Reporters.Captured plain = Reporters.capturing();
        plain.reporter().result("Upgrade plan", List.of("kubelet cp1 v1.35.4 v1.36.3"));
        assertEquals(plain.out(), text.out());

        Reporters.Captured output = Reporters.capturingJson(FIXED_CLOCK);
        output.reporter().result("Upgrade plan", List.of("kubelet cp1 v1.35.4 v1.36.3"), data);
        List<String> lines = output.out().lines().toList();
        assertEquals(1, lines.size(), output.out());
        JsonNode event = new ObjectMapper().readTree(lines.get(0));
        assertEquals("result", event.get("event").asText());
        assertEquals("Upgrade plan", event.get("title").asText());
        assertEquals("kubelet cp1 v1.35.4 v1.36.3", event.get("lines").get(0).asText());
        assertEquals("v1.36.3", event.get("data").get("target").asText());
    }
}
