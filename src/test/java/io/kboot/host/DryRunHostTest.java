package io.kboot.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DryRunHostTest {
    /** A host that answers queries and fails the test if anything tries to change it. */
    static final class ReadOnlyHost implements Host {
        final List<String> ran = new ArrayList<>();
        final Map<String, byte[]> files = new HashMap<>();

        @Override
        public String name() {
            return "node1";
        }

        @Override
        public ExecResult exec(Command command) {
            if (command.mutating()) {
                throw new AssertionError("a dry run ran a change: " + command.script());
            }
            ran.add(command.script());
            return ExecResult.success("answer");
        }

        @Override
        public void upload(Content content, String path, FileAttributes attributes) {
            throw new AssertionError("a dry run wrote " + path);
        }

        @Override
        public Optional<byte[]> read(String path) {
            return Optional.ofNullable(files.get(path));
        }

        @Override
        public boolean exists(String path) {
            return files.containsKey(path);
        }
    }

    @Test
    void queriesRunChangesAreRecordedInOrder() {
        ReadOnlyHost real = new ReadOnlyHost();
        DryRunHost dry = new DryRunHost(real);
        assertEquals("answer", dry.exec(Command.query("cat /proc/swaps")).stdout());
        assertTrue(dry.exec(Command.change("swapoff -a")).ok());
        dry.upload(Content.of("secret key material"), "/etc/kubernetes/pki/ca.key", FileAttributes.PRIVATE);
        assertEquals(List.of("cat /proc/swaps"), real.ran);
        assertEquals(List.of("run: swapoff -a", "write /etc/kubernetes/pki/ca.key (0600, 19 bytes)"),
                dry.changes().stream().map(DryRunHost.Change::describe).toList());
    }

    @Test
    void laterReadsSeeWhatTheRunWouldHaveWrittenButNeverItsContentInThePlan() {
        ReadOnlyHost real = new ReadOnlyHost();
        real.files.put("/etc/existing", "old".getBytes(StandardCharsets.UTF_8));
        DryRunHost dry = new DryRunHost(real);
        assertFalse(dry.exists("/etc/kubernetes/pki/ca.crt"));
        dry.upload(Content.of("CERT"), "/etc/kubernetes/pki/ca.crt", FileAttributes.PUBLIC.ownedBy("root", "root"));
        assertTrue(dry.exists("/etc/kubernetes/pki/ca.crt"));
        assertArrayEquals("CERT".getBytes(StandardCharsets.UTF_8), dry.read("/etc/kubernetes/pki/ca.crt").orElseThrow());
        assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), dry.read("/etc/existing").orElseThrow());
        String plan = dry.changes().get(0).describe();
        assertEquals("write /etc/kubernetes/pki/ca.crt (0644, root:root, 4 bytes)", plan);
        assertFalse(plan.contains("CERT"));
    }
}
