package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of kubeadm's documents and the cluster file ({@link ConfigMutator}) through
 * everything kboot makes of them on the workstation ({@link ConfigPipeline}): every input ends
 * accepted or as an InvalidInput with file:line:col, never another exception, and each within a
 * CPU bound. CI runs 2,000 inputs from a fixed seed (a few seconds); a longer run is opt-in:
 *
 * <pre>./mvnw test -Dtest=ConfigFuzzTest -Dkboot.fuzz.inputs=200000 -Dkboot.fuzz.seed=7</pre>
 */
class ConfigFuzzTest {
    /** CPU time one input may take; the slowest real input takes a few milliseconds. */
    private static final Duration CPU_BOUND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void everyMutatedFileIsAcceptedOrALocatedInvalidInputWithinACpuBound() throws IOException {
        int inputs = Integer.getInteger("kboot.fuzz.inputs", 2_000);
        long seed = Long.getLong("kboot.fuzz.seed", 25L);
        ConfigMutator mutator =
                new ConfigMutator(seed, List.of(seed("init-cluster.yaml"), seed("join.yaml"), seed("cluster.yaml")));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Map<ConfigPipeline.Outcome, Integer> outcomes = new EnumMap<>(ConfigPipeline.Outcome.class);
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        long started = System.nanoTime();
        for (int i = 0; i < inputs; i++) {
            String input = mutator.next();
            long before = cpu.getCurrentThreadCpuTime();
            try {
                outcomes.merge(ConfigPipeline.run(input, dir), 1, Integer::sum);
            } catch (AssertionError e) {
                failures.add("input " + i + ": " + e.getMessage() + "\n" + Echo.prefix(input.replace("\n", "⏎")));
            }
            long took = cpu.getCurrentThreadCpuTime() - before;
            slowest = Math.max(slowest, took);
            if (took > CPU_BOUND.toNanos()) {
                failures.add("input " + i + " took " + took / 1_000_000 + " ms of CPU: " + Echo.prefix(input.replace("\n", "⏎")));
            }
        }
        System.out.printf("ConfigFuzzTest: seed %d, %d inputs, %s, slowest %d ms of CPU, %d ms in all%n", seed, inputs, outcomes,
                slowest / 1_000_000, (System.nanoTime() - started) / 1_000_000);
        assertEquals(List.of(), failures.subList(0, Math.min(Integer.getInteger("kboot.fuzz.show", 10), failures.size())),
                failures.size() + " failures");
        // The generator must reach past the loader: some inputs are accepted, most are refused.
        assertTrue(outcomes.getOrDefault(ConfigPipeline.Outcome.ACCEPTED, 0) > inputs / 20, outcomes::toString);
        assertTrue(outcomes.getOrDefault(ConfigPipeline.Outcome.INVALID, 0) > inputs / 5, outcomes::toString);
    }

    @Test
    void theSeedsThemselvesAreAccepted() throws IOException {
        for (String name : List.of("init-cluster.yaml", "join.yaml", "cluster.yaml")) {
            assertEquals(ConfigPipeline.Outcome.ACCEPTED, ConfigPipeline.run(seed(name), dir), name);
        }
    }

    private static String seed(String name) throws IOException {
        try (var in = ConfigFuzzTest.class.getResourceAsStream("/fuzz/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
