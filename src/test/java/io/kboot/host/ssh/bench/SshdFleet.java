package io.kboot.host.ssh.bench;

import io.kboot.host.ssh.ClientHome;
import io.kboot.host.ssh.SshdFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * N sshds on 127.0.0.1 ({@link SshdFixture}) kept running for other processes to use, so that
 * kboot and Ansible are timed against the very same servers: each run of either is a fresh
 * process, as a user would start it. Not a test; started by scripts/bench/fanout-vs-ansible.
 *
 * <p>Arguments: hosts, directory, user. Writes into the directory {@code home/.ssh/id_ed25519}
 * (the client key, authorized for the user on every sshd), {@code home/.ssh/known_hosts} (every
 * host key) and {@code ports} (one port a line), then prints {@code ready} and serves until stdin
 * ends or the process is terminated.
 */
public final class SshdFleet {
    private SshdFleet() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        String user = args[2];
        SshdFixture.ensureUsers();
        ClientHome client = ClientHome.create(dir.resolve("home"));
        List<SshdFixture> sshds = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (sshds) {
                sshds.forEach(SshdFixture::close);
                sshds.clear();
            }
        }));
        long start = System.nanoTime();
        List<String> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // MaxStartups: up to 100 handshakes at once without sshd dropping any.
            SshdFixture sshd = SshdFixture.start("MaxStartups 100:30:200", "MaxSessions 64");
            synchronized (sshds) {
                sshds.add(sshd);
            }
            sshd.authorize(user, client.key());
            client.trust(sshd);
            ports.add(Integer.toString(sshd.port()));
        }
        Files.write(dir.resolve("ports"), ports);
        System.out.printf(Locale.ROOT, "ready: %d sshds on 127.0.0.1 in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
        System.out.flush();
        while (System.in.read() >= 0) {
            // Serve until the script closes our stdin.
        }
        System.exit(0);
    }
}
