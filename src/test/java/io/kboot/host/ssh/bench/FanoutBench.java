package io.kboot.host.ssh.bench;

import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.Fanout;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.ssh.ClientHome;
import io.kboot.host.ssh.SshConnector;
import io.kboot.host.ssh.SshTarget;
import io.kboot.host.ssh.SshdFixture;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How the SSH transport scales over hosts: N sshds on 127.0.0.1, one connection each, then a
 * no-op step and a 5-command step run sequentially and fanned out. Not a test; run by
 * scripts/bench/ssh-fanout. All sshds share this machine's cores with the client, so the
 * remote side's CPU (a login shell per command) is part of every number here; on real hosts
 * that work runs elsewhere.
 *
 * <p>Arguments: hosts (20), rounds per measurement (5), user (kbootit: a Debian user whose
 * .bashrc returns at once for non-interactive shells; root here has a heavy .bashrc).
 */
public final class FanoutBench {

    private static final PrintStream OUT = System.out;

    private FanoutBench() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String user = args.length > 2 ? args[2] : SshdFixture.SUDO_USER;
        SshdFixture.ensureUsers();
        Path temp = Files.createTempDirectory("kboot-bench-");
        ClientHome client = ClientHome.create(temp);
        List<SshdFixture> sshds = new ArrayList<>();
        List<Host> hosts = List.of();
        try {
            long startSshds = System.nanoTime();
            for (int i = 0; i < count; i++) {
                SshdFixture sshd = SshdFixture.start("MaxStartups 100:30:200");
                sshd.authorize(user, client.key());
                sshd.authorize("root", client.key());
                client.trust(sshd);
                sshds.add(sshd);
            }
            OUT.printf(Locale.ROOT, "%d sshds on 127.0.0.1 started in %.1f s; user %s; %d rounds, median (min-max);"
                    + " load average %s%n%n", count, seconds(System.nanoTime() - startSshds), user, rounds, loadAverage());

            SshConnector connector = new SshConnector(client.options());
            List<SshTarget> targets = sshds.stream().map(s -> s.target(user)).toList();

            // Connecting: the first handshake in a fresh JVM, then warm.
            Measure firstConnect = Measure.once(() -> connector.connect(targets.get(0)).close());
            Measure connectOne = Measure.of(rounds, () -> connector.connect(targets.get(0)).close());
            Measure connectAll = Measure.of(rounds, () -> connector.connectAll(targets).forEach(Host::close));

            hosts = connector.connectAll(targets);
            Host one = hosts.get(0);
            List<Host> all = hosts;

            // Per-command overhead on an open connection, after the JIT has seen a few hundred.
            for (int i = 0; i < 300; i++) {
                one.exec(Command.query("true"));
            }
            Measure execTrue = Measure.of(rounds * 6, () -> one.exec(Command.query("true")));
            Measure sftpStat = Measure.of(rounds * 6, () -> one.exists("/etc/hostname"));
            byte[] blob = new byte[64 * 1024 * 1024];
            new Random(1).nextBytes(blob);
            Path blobFile = Files.write(temp.resolve("blob"), blob);
            String remoteBlob = "/tmp/kboot-bench-blob-" + ProcessHandle.current().pid();
            Measure upload = Measure.of(Math.max(2, rounds / 2), () -> one.upload(
                    Content.ofFile(blobFile), remoteBlob, FileAttributes.PRIVATE));
            Files.deleteIfExists(Path.of(remoteBlob));
            Host rootHost = connector.connect(sshds.get(0).target("root"));
            Measure execRoot = Measure.of(rounds * 2, () -> rootHost.exec(Command.query("true")));
            rootHost.close();

            Fanout.Step<Host, Object> noop = host -> host.exec(Command.query("true")).orFail(host, "no-op");
            Fanout.Step<Host, Object> fiveCommands = host -> {
                host.exec(Command.query("uname -r")).orFail(host, "uname");
                host.exec(Command.query("test -e /etc/hostname")).orFail(host, "test");
                host.exec(Command.query("cat /proc/loadavg")).orFail(host, "cat");
                host.exec(Command.query("id -u")).orFail(host, "id");
                host.exec(Command.query("ls / > /dev/null")).orFail(host, "ls");
                return null;
            };
            Fanout.Step<Host, Object> remoteWait = host -> host.exec(Command.query("sleep 0.2")).orFail(host, "sleep");
            Fanout.Step<Host, Object> fiveBatched = host -> host.exec(Command.query(
                    "uname -r; test -e /etc/hostname; cat /proc/loadavg; id -u; ls / > /dev/null")).orFail(host, "batch");

            OUT.printf(Locale.ROOT, "%-44s %s%n", "connect + auth, first in this JVM", firstConnect);
            OUT.printf(Locale.ROOT, "%-44s %s%n", "connect + auth, 1 host (warm)", connectOne);
            OUT.printf(Locale.ROOT, "%-44s %s, client CPU %.0f ms%n", "connectAll, " + count + " hosts (concurrency 10)",
                    connectAll, connectAll.cpuMillis());
            OUT.printf(Locale.ROOT, "%-44s %s, client CPU %.2f ms%n", "exec 'true' on an open connection (" + user + ")",
                    execTrue, execTrue.cpuMillis());
            OUT.printf(Locale.ROOT, "%-44s %s%n", "exec 'true' on an open connection (root)", execRoot);
            OUT.printf(Locale.ROOT, "%-44s %s%n", "SFTP stat on an open connection", sftpStat);
            OUT.printf(Locale.ROOT, "%-44s %s = %.0f MiB/s%n", "upload 64 MiB (SFTP, temp + rename)", upload,
                    64 / (upload.median() / 1000));
            OUT.println();
            OUT.printf(Locale.ROOT, "%-22s %12s %22s %22s %22s %9s %13s%n", "step", "1 host",
                    count + " sequential", count + " fan-out (10)", count + " fan-out (" + count + ")", "ratio", "client CPU");
            row("no-op (1 exec)", rounds, one, all, noop);
            row("5 commands (5 execs)", rounds, one, all, fiveCommands);
            row("5 commands (1 script)", rounds, one, all, fiveBatched);
            row("remote sleep 0.2", rounds, one, all, remoteWait);
            OUT.println();
            OUT.println("ratio = time(" + count + " hosts, fan-out " + count + ") / time(1 host); goal <= 2");
            OUT.println("client CPU = this JVM's CPU time per command in the fan-out (" + count + ") column;"
                    + " the rest of the machine's CPU went to the " + count + " sshds and their shells");
        } finally {
            hosts.forEach(Host::close);
            sshds.forEach(SshdFixture::close);
            SshdFixture.deleteRecursively(temp);
        }
    }

    private static void row(String name, int rounds, Host one, List<Host> all, Fanout.Step<Host, Object> step) throws Exception {
        int commands = name.contains("5 execs") ? 5 : 1;
        // One host is quick and noisy: more rounds.
        Measure single = Measure.of(rounds * 6, () -> step.run(one));
        Measure sequential = Measure.of(rounds, () -> {
            for (Host host : all) {
                step.run(host);
            }
        });
        Measure fanout10 = Measure.of(rounds, () -> Fanout.run(all, Host::name, Fanout.DEFAULT_CONCURRENCY, step));
        Measure fanoutAll = Measure.of(rounds, () -> Fanout.run(all, Host::name, all.size(), step));
        OUT.printf(Locale.ROOT, "%-22s %12s %22s %22s %22s %9.1f %10.2f ms%n", name, single.brief(), sequential.brief(),
                fanout10.brief(), fanoutAll.brief(), fanoutAll.median() / single.median(),
                fanoutAll.cpuMillis() / all.size() / commands);
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** Wall times of repeated runs after one warm-up run, and this JVM's CPU time per run. */
    record Measure(double[] millis, double cpuMillis) {
        static Measure once(Action action) throws Exception {
            long cpu = cpuNanos();
            long start = System.nanoTime();
            action.run();
            return new Measure(new double[] {(System.nanoTime() - start) / 1e6}, (cpuNanos() - cpu) / 1e6);
        }

        static Measure of(int rounds, Action action) throws Exception {
            action.run();
            double[] millis = new double[rounds];
            long cpu = cpuNanos();
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                action.run();
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            double cpuPerRun = (cpuNanos() - cpu) / 1e6 / rounds;
            Arrays.sort(millis);
            return new Measure(millis, cpuPerRun);
        }

        private static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        double median() {
            return millis[millis.length / 2];
        }

        String brief() {
            return format(median());
        }

        @Override
        public String toString() {
            return millis.length == 1 ? format(millis[0])
                    : format(median()) + " (" + format(millis[0]) + "-" + format(millis[millis.length - 1]) + ")";
        }

        private static String format(double millis) {
            return millis >= 1000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000)
                    : String.format(Locale.ROOT, "%.1f ms", millis);
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
