package io.kboot.hostprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.GoldenFiles;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.facts.HostFactsTest;
import io.kboot.facts.LazyFacts;
import io.kboot.facts.RunTarget;
import io.kboot.host.Host;
import io.kboot.host.RecordingHost;
import io.kboot.report.Reporters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Shared pieces of the host-preparation tests: a context on a recording host, probe answers, golden
 * files. Public for the tests of artifact sources outside this package (io.kboot.bundle).
 */
public final class PrepFixture {
    private PrepFixture() {}

    /** Everything a NodePrepContext holds, settable, reporting into strings; {@link #prep()} makes the context. */
    public static final class Context {
        final Host host;
        final Reporters.Captured printed = Reporters.capturingVerbose();
        public HostFacts facts = HostFactsTest.debianVm();
        public NodeRole role = NodeRole.CONTROL_PLANE;
        public KubernetesVersion version = KubernetesVersion.parse("v1.33.4");
        HostPrepSettings settings = HostPrepSettings.defaults();

        public Context(Host host) {
            this.host = host;
            printed.reporter().started("prepare/step"); // messages are tagged "[prepare]", as in a run
            printed.clear();
        }

        public Context with(HostPrepSettings newSettings) {
            settings = newSettings;
            return this;
        }

        /** The context a step gets, from the fields as they are now. */
        public NodePrepContext prep() {
            return new NodePrepContext(new RunTarget(host, printed.reporter(), LazyFacts.gathered(host, facts)),
                    new PrepInputs(role, version, "registry.k8s.io", 6443, Set.of(), settings));
        }

        public Host host() {
            return host;
        }

        public HostFacts facts() {
            return facts;
        }

        public HostPrepSettings hostPrep() {
            return settings;
        }

        public HostPaths paths() {
            return settings.paths();
        }

        public String output() {
            return printed.out();
        }

        public String warnings() {
            return printed.err();
        }
    }

    /** The probe line saying a file has this content. */
    public static String sha(String path, String content) {
        return "sha:" + path + "=" + Probe.sha256(content.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    public static String missing(String path) {
        return "sha:" + path + "=-\n";
    }

    static String file(String path, String content) {
        return "file:" + path + "=" + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    public static String staged(String path) {
        return HostPaths.SYSTEM.staged(path);
    }

    /** The only command was the step's probe: nothing changed, nothing uploaded. */
    public static void assertOnlyProbed(RecordingHost host, String step) {
        assertEquals(1, host.events().size(), () -> "expected only the probe, got " + host.events());
        assertTrue(host.commands().get(0).script().startsWith(Probe.marker(step)));
    }

    /** The one change script of a step. */
    public static String changeScript(RecordingHost host, String step) {
        List<String> scripts = host.changes().stream().filter(s -> s.startsWith(Changes.marker(step))).toList();
        assertEquals(1, scripts.size(), () -> "expected one change script for " + step + ", got " + host.changes());
        return scripts.get(0);
    }

    /** Asserts that the lines appear in the text in this order. */
    public static void assertInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, () -> "missing (in order) \"" + part + "\" in:\n" + text);
            from = at + part.length();
        }
    }

    /**
     * Compares with src/test/resources/golden/NAME; with -Dgolden.update=true the file is
     * (re)written instead, for a reviewer to read in the diff.
     */
    static void assertGolden(String name, String actual) {
        GoldenFiles.assertGolden(name, actual);
    }
}
