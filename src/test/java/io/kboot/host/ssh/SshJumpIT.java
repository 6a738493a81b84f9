package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProxyJump through a second sshd; both on 127.0.0.1. */
class SshJumpIT {

    @TempDir
    Path temp;

    @Test
    void commandsAndFilesGoThroughTheJumpHost() throws Exception {
        // The jump logs at DEBUG1 so that its forwarding shows (only the target runs commands).
        try (SshdFixture jump = SshdFixture.start("LogLevel DEBUG1");
                SshdFixture target = SshdFixture.start()) {
            ClientHome client = ClientHome.create(temp.resolve("home")).trust(jump).trust(target);
            jump.authorize("root", client.key());
            target.authorize("root", client.key());
            SshTarget behindJump = target.target("root").withConnection(c -> c.withJump("root@127.0.0.1:" + jump.port()));
            try (Host host = SshConnector.connect(behindJump, client.options())) {
                assertEquals(target.name(), host.name());
                assertEquals("ok\n", host.exec(Command.query("echo ok")).stdout());
                Path file = target.directory().resolve("via-jump");
                host.upload(Content.of("through"), file.toString(), FileAttributes.PRIVATE);
                assertEquals("through", Files.readString(file));
            }
            assertTrue(jump.log().contains("server_request_direct_tcpip: originator")
                    && jump.log().contains("target 127.0.0.1 port " + target.port()), jump.log());
        }
    }

    @Test
    void aJumpHostThatForbidsForwardingIsAClearError() {
        try (SshdFixture jump = SshdFixture.start("AllowTcpForwarding no");
                SshdFixture target = SshdFixture.start()) {
            ClientHome client = ClientHome.create(temp.resolve("home")).trust(jump).trust(target);
            jump.authorize("root", client.key());
            target.authorize("root", client.key());
            HostException error = assertThrows(HostException.class, () -> SshConnector.connect(
                    target.target("root").withConnection(c -> c.withJump("root@127.0.0.1:" + jump.port())), client.options()));
            assertEquals(target.name() + ": cannot connect: the jump host could not open a connection to it"
                    + " (administratively prohibited: open failed) (2 attempts)", error.getMessage());
        }
    }

    @Test
    void theJumpHostKeyIsCheckedByTheSameRules() {
        try (SshdFixture jump = SshdFixture.start();
                SshdFixture target = SshdFixture.start()) {
            ClientHome client = ClientHome.create(temp.resolve("home")).trust(target);
            jump.authorize("root", client.key());
            target.authorize("root", client.key());
            HostException error = assertThrows(HostException.class, () -> SshConnector.connect(
                    target.target("root").withConnection(c -> c.withJump("root@127.0.0.1:" + jump.port())), client.options()));
            assertTrue(error.getMessage().startsWith(target.name() + ": jump host " + jump.name()
                    + ": unknown host key ssh-ed25519 " + jump.fingerprint()), error.getMessage());
            assertTrue(error.getMessage().contains("--accept-new-host-key"), error.getMessage());
        }
    }

    @Test
    void hostsBehindOneJumpShareOneConnectionToIt() {
        try (SshdFixture jump = SshdFixture.start();
                SshdFixture first = SshdFixture.start();
                SshdFixture second = SshdFixture.start()) {
            ClientHome client = ClientHome.create(temp.resolve("home")).trust(jump).trust(first).trust(second);
            for (SshdFixture sshd : List.of(jump, first, second)) {
                sshd.authorize("root", client.key());
            }
            String via = "root@127.0.0.1:" + jump.port();
            List<Host> hosts = new SshConnector(client.options())
                    .connectAll(List.of(first.target("root").withConnection(c -> c.withJump(via)),
                            second.target("root").withConnection(c -> c.withJump(via))));
            try {
                for (Host host : hosts) {
                    assertEquals("ok\n", host.exec(Command.query("echo ok")).stdout());
                }
                assertEquals(1, jump.log().split("Accepted publickey for root", -1).length - 1, jump.log());
            } finally {
                hosts.forEach(Host::close);
            }
        }
    }
}
