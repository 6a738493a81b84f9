package io.kboot.host.ssh.bench;

import io.kboot.config.InitSettings;
import io.kboot.config.TestSettings;
import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.DryRunHost;
import io.kboot.host.ExecResult;
import io.kboot.host.Fanout;
import io.kboot.host.FileAttributes;
import io.kboot.host.ForwardingHost;
import io.kboot.host.Host;
import io.kboot.host.Tunnel;
import io.kboot.host.ssh.SshConnector;
import io.kboot.host.ssh.SshOptions;
import io.kboot.host.ssh.SshTarget;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.init.InitContext;
import io.kboot.init.InitWorkflow;
import io.kboot.report.SilentReporter;
import io.kboot.workflow.Phase;
import io.kboot.workflow.Plan;
import io.kboot.workflow.Runner;
import io.kboot.workflow.Workflow;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * kboot's side of scripts/bench/fanout-vs-ansible: what {@code kboot apply}'s first step will do.
 * Opens N SSH hosts (sudo, as a user with NOPASSWD sudo) and runs {@code kinit master}'s real
 * {@code preflight} and {@code prepare/*} phases on all of them through {@link Fanout}, each host
 * behind a {@link DryRunHost}: every read-only check runs for real, nothing changes. One fresh JVM
 * per run, so the JVM's start is part of the time, as it is for a user.
 *
 * <p>Arguments: client home (with .ssh/id_ed25519 and known_hosts), ports file, hosts, user,
 * then optionally {@code --dump DIR}: write the scripts the first host ran, one file each in
 * order, for the Ansible playbook to run the very same shell. Prints one line of timings.
 */
public final class PrepareFanoutBench {

    private PrepareFanoutBench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        List<String> ports = Files.readAllLines(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        String user = args[3];
        Optional<Path> dump = Optional.empty();
        int connectConcurrency = Fanout.DEFAULT_CONCURRENCY;
        for (int i = 4; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--dump" -> dump = Optional.of(Path.of(args[i + 1]));
                case "--connect-concurrency" -> connectConcurrency = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (count > ports.size()) {
            throw new IllegalArgumentException(count + " hosts asked, " + ports.size() + " sshds running");
        }
        long mainStarted = System.nanoTime();
        Instant jvmStarted = ProcessHandle.current().info().startInstant().orElseThrow();
        Duration jvmToMain = Duration.between(jvmStarted, Instant.now());

        List<SshTarget> targets = ports.subList(0, count).stream()
                .map(port -> SshTarget.parse(user + "@127.0.0.1:" + port).withSudo(true)).toList();
        int hostsAtOnce = connectConcurrency;
        SshConnector connector = new SshConnector(SshOptions.defaults()
                .withWorkstation(w -> w.withUserHome(home).withEnv(Map.of()))
                .withConnections(c -> c.withConcurrency(hostsAtOnce)));
        List<Host> hosts = connector.connectAll(targets);
        long connected = System.nanoTime();

        Workflow<InitContext> workflow = InitWorkflow.build();
        Set<String> skip = workflow.phases().stream().map(Phase::name)
                .filter(name -> !name.equals("preflight") && !name.equals("prepare")).collect(Collectors.toSet());
        Plan<InitContext> plan = workflow.plan(Optional.empty(), skip);
        Set<String> planned = plan.toRun().stream().map(Plan.Step::path).collect(Collectors.toSet());
        // This machine is no fresh node (ports in use, swap, a small disk): the checks run, their errors are ignored.
        InitSettings settings = TestSettings.init(f -> f.run.ignorePreflightErrors = Set.of("all"));
        PhaseTimes times = new PhaseTimes();
        List<Recording> recordings = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Integer> changes = Fanout.run(hosts, Host::name, Math.max(1, hosts.size()), host -> {
                Recording recording = new Recording(host);
                recordings.add(recording);
                DryRunHost dryRun = new DryRunHost(recording);
                Runner.run(plan, new InitContext(settings, dryRun, times, HostPrepSettings.defaults(), planned), times);
                return dryRun.changes().size();
            });
            long done = System.nanoTime();
            Recording first = recordings.stream().filter(r -> r.name().equals(hosts.get(0).name())).findFirst().orElseThrow();
            System.out.printf(Locale.ROOT, "kboot %d hosts: JVM start to main %d ms, connect %d ms, preflight+prepare %d ms,"
                    + " main %d ms, JVM CPU %d ms; per host %d scripts, %d other calls, %d changes planned%n",
                    count, jvmToMain.toMillis(), millis(connected - mainStarted), millis(done - connected),
                    millis(done - mainStarted), millis(cpuNanos()), first.scripts.size(), first.otherCalls.get(), changes.get(0));
            System.out.println("  summed phase times over hosts: " + times);
            if (dump.isPresent()) {
                Files.createDirectories(dump.get());
                for (int i = 0; i < first.scripts.size(); i++) {
                    Files.writeString(dump.get().resolve(String.format(Locale.ROOT, "%02d.sh", i + 1)), first.scripts.get(i));
                }
            }
        } finally {
            hosts.forEach(Host::close);
        }
    }

    /** This JVM's CPU time so far, JIT compiler and GC threads included. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** Passes everything to the real host and keeps the scripts it ran, to dump them. */
    private static final class Recording extends ForwardingHost {
        final List<String> scripts = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger otherCalls = new AtomicInteger();

        Recording(Host delegate) {
            super(delegate);
        }

        @Override
        public ExecResult exec(Command command) {
            scripts.add(command.script());
            return delegate.exec(command);
        }

        @Override
        public void upload(Content content, String path, FileAttributes attributes) {
            otherCalls.incrementAndGet();
            delegate.upload(content, path, attributes);
        }

        @Override
        public Optional<byte[]> read(String path) {
            otherCalls.incrementAndGet();
            return delegate.read(path);
        }

        @Override
        public boolean exists(String path) {
            otherCalls.incrementAndGet();
            return delegate.exists(path);
        }

        @Override
        public Tunnel forward(String host, int port) {
            otherCalls.incrementAndGet();
            return delegate.forward(host, port);
        }
    }

    /** A silent reporter that sums each phase's time over all hosts: where the time goes. */
    private static final class PhaseTimes extends SilentReporter {
        private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

        @Override
        public void finished(String path, Duration took) {
            nanos.computeIfAbsent(path, p -> new LongAdder()).add(took.toNanos());
        }

        @Override
        public String toString() {
            Map<String, Long> sorted = new TreeMap<>();
            nanos.forEach((path, sum) -> sorted.put(path, sum.sum() / 1_000_000));
            return sorted.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " ms").collect(Collectors.joining(", "));
        }
    }
}
