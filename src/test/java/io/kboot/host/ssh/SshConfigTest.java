package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {

    @TempDir
    Path home;

    private Path write(String name, String text) throws IOException {
        Path file = home.resolve(".ssh").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private SshConfig config(String text) throws IOException {
        return SshConfig.load(write("config", text), home, "alice");
    }

    private SshTarget resolve(SshConfig config, String spec) {
        return config.apply(SshTarget.parse(spec), SshConfig.namesPort(spec));
    }

    @Test
    void anAliasTakesItsHostNameUserPortAndKey() throws IOException {
        Path key = write("lab_key", "not read here");
        SshTarget target = resolve(config("""
                # the lab
                Host cp1 cp1.lab
                    HostName 127.0.0.1
                    User admin
                    Port 2201
                    IdentityFile ~/.ssh/lab_key
                """), "cp1");
        assertEquals("127.0.0.1", target.address().host());
        assertEquals(2201, target.address().port());
        assertEquals(Optional.of("admin"), target.address().user());
        assertEquals(List.of(key), target.auth().identityFiles());
    }

    @Test
    void theFirstValueWinsAndIdentityFilesGather() throws IOException {
        write("a", "");
        write("b", "");
        SshTarget target = resolve(config("""
                Host web*
                  User first
                  IdentityFile ~/.ssh/a
                Host *
                  User second
                  Port 2022
                  IdentityFile ~/.ssh/b
                """), "web1");
        assertEquals(Optional.of("first"), target.address().user());
        assertEquals(2022, target.address().port());
        assertEquals(List.of(home.resolve(".ssh/a"), home.resolve(".ssh/b")), target.auth().identityFiles());
    }

    @Test
    void whatTheCommandLineGivesWinsOverTheConfig() throws IOException {
        SshConfig config = config("""
                Host node
                  HostName 10.0.0.5
                  User admin
                  Port 2222
                """);
        SshTarget target = resolve(config, "root@node:2200");
        assertEquals(new SshTarget.Address("10.0.0.5", 2200, Optional.of("root")), target.address());
        // The port of --ssh-port: given, even when it is 22.
        assertEquals(22, config.apply(SshTarget.parse("node"), true).address().port());
        assertEquals(2222, config.apply(SshTarget.parse("node"), false).address().port());
    }

    @Test
    void patternsNegationAndQuestionMarks() throws IOException {
        SshConfig config = config("""
                Host *.lab !bastion.lab
                  User labuser
                Host w? "cp 1"
                  Port 2022
                """);
        assertEquals(Optional.of("labuser"), resolve(config, "cp1.lab").address().user());
        assertEquals(Optional.empty(), resolve(config, "bastion.lab").address().user());
        assertEquals(2022, resolve(config, "w1").address().port());
        assertEquals(22, resolve(config, "w10").address().port());
        // A negated pattern alone matches nothing, as in OpenSSH.
        assertEquals(Optional.empty(), resolve(config("Host !web\n  User x\n"), "other").address().user());
    }

    @Test
    void keywordsAreCaseInsensitiveAndTakeEqualsSigns() throws IOException {
        SshTarget target = resolve(config("""
                HOST=db
                  hostname = 10.1.1.1
                  PORT=2200
                  user "dbadmin"
                """), "db");
        assertEquals(new SshTarget.Address("10.1.1.1", 2200, Optional.of("dbadmin")), target.address());
    }

    @Test
    void tokensExpandInFileNames() throws IOException {
        Path key = write("node-2201-admin-alice", "");
        SshTarget target = resolve(config("""
                Host node
                  HostName 127.0.0.1
                  Port 2201
                  User admin
                  IdentityFile ~/.ssh/%n-%p-%r-%u
                  UserKnownHostsFile %d/.ssh/known_%h_%%
                """), "node");
        assertEquals(List.of(key), target.auth().identityFiles());
        assertEquals(Optional.of(home.resolve(".ssh/known_127.0.0.1_%")), target.hostKeys().knownHosts());
        SshTarget renamed = resolve(config("Host *.short\n  HostName %h.example.com\n"), "db.short");
        assertEquals("db.short.example.com", renamed.address().host());
    }

    @Test
    void anUnsupportedTokenIsAnErrorNamingTheLine() throws IOException {
        write("x", "");
        SshConfig config = config("Host n\n  IdentityFile ~/.ssh/%C\n");
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class, () -> resolve(config, "n"));
        assertTrue(error.getMessage().startsWith(home.resolve(".ssh/config") + ":2: ~/.ssh/%C: the token %C is not supported"),
                error.getMessage());
    }

    @Test
    void aMissingIdentityFileIsAnErrorNamingFileAndLine() throws IOException {
        SshConfig config = config("\nHost n\n  IdentityFile ~/.ssh/gone\n");
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class, () -> resolve(config, "n"));
        assertEquals(home.resolve(".ssh/config") + ":3: IdentityFile " + home.resolve(".ssh/gone") + ": no such file",
                error.getMessage());
        // Not looked at for a host it does not apply to, nor when the command line names a key.
        assertEquals(List.of(), resolve(config, "other").auth().identityFiles());
        Path given = write("given", "");
        assertEquals(List.of(given), config.apply(SshTarget.parse("n").withAuth(a -> a.withIdentityFiles(List.of(given))), false)
                .auth().identityFiles());
    }

    @Test
    void malformedLinesAreErrorsNamingFileAndLine() throws IOException {
        Path file = home.resolve(".ssh/config");
        for (String[] bad : new String[][] {
            {"Host a\n  Port\n", ":2: Port without a value"},
            {"Host a\n  Port 70000\n", ":2: Port 70000 is not a port (expected 1-65535)"},
            {"Port x22\n", ":1: Port x22 is not a port (expected 1-65535)"},
            {"Host a\n  StrictHostKeyChecking maybe\n",
                ":2: StrictHostKeyChecking maybe is not one of yes, no, ask, accept-new, off"},
            {"IdentitiesOnly sure\n", ":1: IdentitiesOnly sure is not yes or no"},
            {"Host \"a\n", ":1: unclosed quote: Host \"a"},
            {"Host a\n  HostName one two\n", ":2: HostName takes one value, got 2 (quote a value with spaces)"},
            {"Host\n", ":1: Host without a value"},
        }) {
            KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class, () -> config(bad[0]), bad[0]);
            assertEquals(file + bad[1], error.getMessage());
        }
        KbootException.InvalidInput badHost = assertThrows(KbootException.InvalidInput.class,
                () -> resolve(config("Host a\n  HostName bad_host!\n"), "a"));
        assertTrue(badHost.getMessage().startsWith(file + ":2: invalid SSH host 'bad_host!'"), badHost.getMessage());
        KbootException.InvalidInput badUser = assertThrows(KbootException.InvalidInput.class,
                () -> resolve(config("Host a\n  User bad!user\n"), "a"));
        assertTrue(badUser.getMessage().startsWith(file + ":2: invalid SSH host"), badUser.getMessage());
    }

    @Test
    void unknownAndUnsupportedKeywordsAreIgnored() throws IOException {
        SshTarget target = resolve(config("""
                Host *
                  ForwardAgent yes
                  ControlMaster auto
                  SomeFutureOption 1 2 3
                  SendEnv LANG LC_*
                Match exec "true"
                  User never
                """), "node");
        assertEquals(SshTarget.parse("node"), target);
        assertEquals(Optional.of("all"),
                resolve(config("Match all\n  User all\n"), "node").address().user());
    }

    @Test
    void includeReadsFilesInPlaceRelativeToTheSshDirectory() throws IOException {
        write("config.d/10-lab.conf", "Host lab\n  User fromlab\n");
        write("config.d/20-other.conf", "Host *\n  Port 2022\n");
        write("config.d/ignored.txt", "Host *\n  User wrong\n");
        SshConfig config = config("""
                Host lab
                  Port 2201
                Include config.d/*.conf
                Include ~/.ssh/none-such-*
                Host *
                  User last
                """);
        SshTarget lab = resolve(config, "lab");
        assertEquals(new SshTarget.Address("lab", 2201, Optional.of("fromlab")), lab.address());
        assertEquals(new SshTarget.Address("other", 2022, Optional.of("last")), resolve(config, "other").address());
    }

    @Test
    void anIncludeInsideAHostBlockAppliesUnderIt() throws IOException {
        write("inner", "User inner\n");
        SshConfig config = config("Host only\n  Include inner\n");
        assertEquals(Optional.of("inner"), resolve(config, "only").address().user());
        assertEquals(Optional.empty(), resolve(config, "another").address().user());
    }

    @Test
    void anIncludeLoopIsAnError() throws IOException {
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class, () -> config("Include config\n"));
        assertTrue(error.getMessage().contains("Include nested more than 16 deep"), error.getMessage());
    }

    @Test
    void strictHostKeyCheckingAcceptNewIsTrustOnFirstUse() throws IOException {
        SshConfig config = config("""
                Host new
                  StrictHostKeyChecking accept-new
                Host off
                  StrictHostKeyChecking no
                Host strict
                  StrictHostKeyChecking yes
                """);
        assertTrue(resolve(config, "new").hostKeys().acceptNew());
        assertTrue(resolve(config, "off").hostKeys().acceptNew());
        assertFalse(resolve(config, "strict").hostKeys().acceptNew());
        // The flag turns it on; the config cannot turn it off.
        assertTrue(
                config.apply(SshTarget.parse("strict").withHostKeys(k -> k.withAcceptNew(true)), false).hostKeys().acceptNew());
    }

    @Test
    void proxyJumpHopsAreLookedUpByTheirOwnNames() throws IOException {
        SshConfig config = config("""
                Host node
                  HostName 10.0.0.5
                  ProxyJump gw
                Host gw
                  HostName 127.0.0.1
                  Port 2200
                  User jumper
                  ProxyJump outer
                Host outer
                  HostName 127.0.0.2
                Host direct
                  ProxyJump none
                """);
        SshTarget node = resolve(config, "node");
        assertEquals(List.of("127.0.0.2", "127.0.0.1:2200"), node.jumpChain().stream().map(SshTarget::name).toList());
        assertEquals(Optional.of("jumper"), node.jumpChain().get(1).address().user());
        assertTrue(resolve(config, "direct").connection().jump().isEmpty());
        // --jump wins over ProxyJump, and its hop is looked up too.
        SshTarget flagged = config.apply(SshTarget.parse("node").withConnection(c -> c.withJump("admin@gw")), false);
        assertEquals(List.of("127.0.0.2", "127.0.0.1:2200"), flagged.jumpChain().stream().map(SshTarget::name).toList());
        assertEquals(Optional.of("admin"), flagged.jumpChain().get(1).address().user());
    }

    @Test
    void aProxyJumpLoopIsAnError() throws IOException {
        SshConfig config = config("Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n");
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class, () -> resolve(config, "a"));
        assertTrue(error.getMessage().contains("a loop?"), error.getMessage());
        KbootException.InvalidInput bad = assertThrows(KbootException.InvalidInput.class,
                () -> resolve(config("Host a\n  ProxyJump x,,y\n"), "a"));
        assertTrue(bad.getMessage().startsWith(home.resolve(".ssh/config") + ":2: invalid SSH host 'x,,y'"), bad.getMessage());
    }

    @Test
    void identityAgentAndIdentitiesOnly() throws IOException {
        SshConfig config = config("""
                Host off
                  IdentityAgent none
                Host sock
                  IdentityAgent ~/agent.sock
                  IdentitiesOnly yes
                Host env
                  IdentityAgent SSH_AUTH_SOCK
                """);
        assertEquals(SshTarget.Agent.NONE, resolve(config, "off").auth().agent());
        assertEquals(new SshTarget.Agent(true, Optional.of(home.resolve("agent.sock")), true),
                resolve(config, "sock").auth().agent());
        assertEquals(SshTarget.Agent.DEFAULT, resolve(config, "env").auth().agent());
    }

    @Test
    void connectTimeout() throws IOException {
        assertEquals(Duration.ofSeconds(3), resolve(config("ConnectTimeout 3\n"), "x").connection().timeout());
    }

    @Test
    void namesPort() {
        assertTrue(SshConfig.namesPort("node:22"));
        assertTrue(SshConfig.namesPort("root@[fe80::1]:2222"));
        assertTrue(SshConfig.namesPort("ssh://u@node:2200/"));
        assertFalse(SshConfig.namesPort("root@node"));
        assertFalse(SshConfig.namesPort("fe80::1"));
        assertFalse(SshConfig.namesPort("[fe80::1]"));
    }

    @Test
    void aMissingOrDirectoryFileIsAnError() {
        assertEquals("SSH config " + home.resolve("nope") + ": no such file",
                assertThrows(KbootException.InvalidInput.class, () -> SshConfig.load(home.resolve("nope"), home, "a"))
                        .getMessage());
        assertEquals("SSH config " + home + ": is a directory, not a file",
                assertThrows(KbootException.InvalidInput.class, () -> SshConfig.load(home, home, "a")).getMessage());
        // ~/.ssh/config is optional.
        assertEquals(SshTarget.parse("x"), SshConfig.userDefault(home, "a").apply(SshTarget.parse("x"), false));
    }
}
