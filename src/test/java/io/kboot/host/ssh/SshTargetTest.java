package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SshTargetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "node1                     | -     | node1                   | 22",
        "admin@node1               | admin | node1                   | 22",
        "admin@node1.example.com:2222 | admin | node1.example.com    | 2222",
        "10.0.0.5                  | -     | 10.0.0.5                | 22",
        "root@10.0.0.5:2201        | root  | 10.0.0.5                | 2201",
        "[fe80::1]                 | -     | fe80::1                 | 22",
        "[fe80::1]:2222            | -     | fe80::1                 | 2222",
        "ops@[2001:db8::7]:22      | ops   | 2001:db8::7             | 22",
        "::1                       | -     | ::1                     | 22",
        "2001:db8:0:0:0:0:0:1      | -     | 2001:db8:0:0:0:0:0:1    | 22",
        "u@::ffff:10.0.0.1         | u     | ::ffff:10.0.0.1         | 22",
        "[fe80::1%eth0]:22         | -     | fe80::1%eth0            | 22",
        "ssh://deploy@node2:2022   | deploy | node2                  | 2022",
        "my_host-1                 | -     | my_host-1               | 22",
        "  node1                   | -     | node1                   | 22",
    })
    void parsesUserHostAndPort(String spec, String user, String host, Integer port) {
        SshTarget target = SshTarget.parse(spec);
        assertEquals(Optional.ofNullable(user), target.address().user());
        assertEquals(host, target.address().host());
        assertEquals(port, target.address().port());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "@node1", "node1:", "node1:0", "node1:65536", "node1:22x", "node1:-1", "[fe80::1", "[fe80::1]x",
        "fe80::1:2222x", "node 1", "node1;rm", "-oProxyCommand=x", "a@b@", "bad user@node1", "[]:22", "node1..x",
        "ab:::1", "1:2:3:4:5:6:7:8:9", "1::2::3", "user@", "node1:99999", "10.0.0.1:2:3x"
    })
    void rejectsBadStringsNamingTheValue(String spec) {
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class, () -> SshTarget.parse(spec));
        assertTrue(error.getMessage().startsWith("invalid SSH host '"), error.getMessage());
        assertTrue(error.getMessage().contains("'" + spec.strip() + "'") || error.getMessage().contains("'" + spec + "'"),
                error.getMessage());
    }

    @Test
    void namesIncludeThePortOnlyWhenNotDefault() {
        assertEquals("node1", SshTarget.parse("root@node1").name());
        assertEquals("node1:2222", SshTarget.parse("node1:2222").name());
        assertEquals("[fe80::1]:2222", SshTarget.parse("[fe80::1]:2222").name());
        assertEquals("fe80::1", SshTarget.parse("[fe80::1]:22").name());
    }

    @Test
    void defaultsAreSafe() {
        SshTarget target = SshTarget.parse("node1");
        assertFalse(target.hostKeys().acceptNew());
        assertFalse(target.sudo());
        assertTrue(target.auth().password().isEmpty());
        assertTrue(target.auth().identityFiles().isEmpty());
        assertTrue(target.hostKeys().knownHosts().isEmpty());
        assertTrue(target.connection().jump().isEmpty());
        assertEquals(SshTarget.DEFAULT_CONNECT_TIMEOUT, target.connection().timeout());
    }

    @Test
    void jumpListsChainLikeProxyJump() {
        SshTarget target = SshTarget.parse("node1").withConnection(c -> c.withJump("ops@bastion:2200,inner"));
        // node1 is reached through inner, inner through bastion.
        assertEquals("inner", target.connection().jump().orElseThrow().address().host());
        assertEquals("bastion", target.connection().jump().orElseThrow().connection().jump().orElseThrow().address().host());
        assertEquals(List.of("bastion:2200", "inner"), target.jumpChain().stream().map(SshTarget::name).toList());
        assertThrows(KbootException.InvalidInput.class, () -> SshTarget.parse("node1").withConnection(c -> c.withJump("a,,b")));
        assertThrows(KbootException.InvalidInput.class,
                () -> SshTarget.parse("node1").withConnection(c -> c.withJump("bad host")));
    }

    @Test
    void jumpInheritsTrustAndKeysButNotPasswordOrSudo() {
        SshTarget target = SshTarget.parse("admin@node1")
                .withAuth(a -> a.withIdentityFiles(List.of(Path.of("/keys/id"))).withPassword("secret"))
                .withHostKeys(k -> k.withKnownHosts(Path.of("/kh")).withAcceptNew(true))
                .withSudo(true)
                .withConnection(c -> c.withTimeout(Duration.ofSeconds(3)).withJump("bastion"));
        SshTarget jump = target.connection().jump().orElseThrow().asJumpFor(target);
        assertEquals(List.of(Path.of("/keys/id")), jump.auth().identityFiles());
        assertEquals(Optional.of(Path.of("/kh")), jump.hostKeys().knownHosts());
        assertTrue(jump.hostKeys().acceptNew());
        assertEquals(Duration.ofSeconds(3), jump.connection().timeout());
        assertTrue(jump.auth().password().isEmpty());
        assertFalse(jump.sudo());
        assertTrue(jump.address().user().isEmpty(), "a jump host's user is its own, as with ssh -J");
    }

    @Test
    void toStringNeverShowsThePassword() {
        String text = SshTarget.parse("admin@node1").withAuth(a -> a.withPassword("hunter2")).toString();
        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("<redacted>"), text);
    }

    @Test
    void defaultUserOnlyFillsAGap() {
        assertEquals(Optional.of("ops"), SshTarget.parse("node1").withAddress(a -> a.withDefaultUser("ops")).address().user());
        assertEquals(Optional.of("admin"),
                SshTarget.parse("admin@node1").withAddress(a -> a.withDefaultUser("ops")).address().user());
        assertEquals(Optional.empty(), SshTarget.parse("node1").withAddress(a -> a.withDefaultUser(null)).address().user());
    }

    @Test
    void withersValidate() {
        assertThrows(KbootException.InvalidInput.class, () -> SshTarget.parse("node1").withAddress(a -> a.withPort(0)));
        assertThrows(KbootException.InvalidInput.class, () -> SshTarget.parse("node1").withAddress(a -> a.withUser("bad user")));
        assertThrows(KbootException.InvalidInput.class,
                () -> SshTarget.parse("node1").withConnection(c -> c.withTimeout(Duration.ZERO)));
        assertEquals(2222, SshTarget.parse("node1").withAddress(a -> a.withPort(2222)).address().port());
    }
}
