package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.Command;
import io.kboot.host.Fanout;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several sshds at once, one of them failing: one report naming it, the others done. */
class SshFanoutIT {

    private final List<SshdFixture> sshds = new ArrayList<>();
    private ClientHome client;

    @BeforeEach
    void start(@TempDir Path temp) {
        client = ClientHome.create(temp.resolve("home"));
        for (int i = 0; i < 4; i++) {
            SshdFixture sshd = SshdFixture.start();
            sshd.authorize("root", client.key());
            client.trust(sshd);
            sshds.add(sshd);
        }
    }

    @AfterEach
    void stop() {
        sshds.forEach(SshdFixture::close);
    }

    private List<SshTarget> targets() {
        return sshds.stream().map(s -> s.target("root")).toList();
    }

    @Test
    void connectAllReportsTheUnreachableHostAndClosesTheOthers() throws Exception {
        SshdFixture down = sshds.get(2);
        down.stop();
        Fanout.Failed failed = assertThrows(Fanout.Failed.class, () -> new SshConnector(client.options()).connectAll(targets()));
        assertEquals("failed on 1 of 4 hosts:\n - " + down.name() + ": cannot connect: connection refused (2 attempts)",
                failed.getMessage());
        assertEquals(List.of(down.name()), failed.failures().stream().map(Fanout.Failure::target).toList());
        for (SshdFixture sshd : sshds) {
            if (sshd != down) {
                assertTrue(sshd.log().contains("Accepted publickey for root"), sshd.log());
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (sshd.connections() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(0, sshd.connections(), "connections that succeeded are closed again");
            }
        }
    }

    @Test
    void aStepOverAllHostsReportsTheOneThatDroppedAndFinishesTheOthers() throws Exception {
        List<Host> hosts = new SshConnector(client.options()).connectAll(targets());
        Map<String, SshdFixture> byName = sshds.stream().collect(Collectors.toMap(SshdFixture::name, Function.identity()));
        SshdFixture dropped = sshds.get(1);
        try {
            dropped.stop();
            Fanout.Failed failed = assertThrows(Fanout.Failed.class, () -> Fanout.run(hosts, Host::name, 10, host -> {
                Path done = byName.get(host.name()).directory().resolve("done");
                return host.exec(Command.change("echo " + Shell.quote(host.name()) + " > " + Shell.quote(done.toString())
                        + "; cat " + Shell.quote(done.toString()))).orFail(host, "writing done").stdout();
            }));
            assertEquals(1, failed.failures().size(), failed.getMessage());
            assertTrue(
                    failed.getMessage()
                            .startsWith("failed on 1 of 4 hosts:\n - " + dropped.name() + ": connection lost"),
                    failed.getMessage());
            for (SshdFixture sshd : sshds) {
                if (sshd != dropped) {
                    assertEquals(sshd.name() + "\n", Files.readString(sshd.directory().resolve("done")));
                }
            }
        } finally {
            hosts.forEach(Host::close);
        }
    }
}
