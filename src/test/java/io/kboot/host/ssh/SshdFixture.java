package io.kboot.host.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH sshd on 127.0.0.1 (or another loopback address: {@link #startOn}) and a free port, for integration
 * tests and the fan-out bench:
 * its own config, host key, PidFile and authorized_keys files in a fresh directory under /tmp,
 * running in the foreground ({@code sshd -D -e}) and killed with its process tree by
 * {@link #close()}. Needs root (it is run in the build container) and /usr/sbin/sshd
 * (Debian's openssh-server).
 *
 * <p>Users: root, {@value #SUDO_USER} (NOPASSWD sudo) and {@value #PLAIN_USER} (no sudo
 * rights, a password set per JVM), created by {@link #ensureUsers()} if absent; idempotent, and
 * left in place for the next run.
 */
public final class SshdFixture implements AutoCloseable {

    public static final String SSHD = "/usr/sbin/sshd";
    public static final String SUDO_USER = "kbootit";
    public static final String PLAIN_USER = "kbootnosudo";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static String plainUserPassword;

    private final Path dir;
    private final String address;
    private final int port;
    private final Process process;
    private final Path log;
    private final Path hostKey;

    private SshdFixture(Path dir, String address, int port, Process process, Path log, Path hostKey) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.process = process;
        this.log = log;
        this.hostKey = hostKey;
    }

    /** An sshd with an ed25519 host key and the given extra sshd_config lines (no Match blocks). */
    public static SshdFixture start(String... extraConfig) {
        return startWithHostKey("ed25519", extraConfig);
    }

    /** An sshd with a host key of the given type (ed25519, ecdsa, rsa) and extra sshd_config lines. */
    public static SshdFixture startWithHostKey(String hostKeyType, String... extraConfig) {
        return start("127.0.0.1", List.of(hostKeyType), null, extraConfig);
    }

    /**
     * An sshd with a host key of each type, in this order in its config (sshd offers them in its
     * own order: ed25519 before RSA); {@link #hostPublicKey()} is the first one's.
     */
    public static SshdFixture startWithHostKeys(List<String> hostKeyTypes, String... extraConfig) {
        return start("127.0.0.1", hostKeyTypes, null, extraConfig);
    }

    /**
     * An sshd with an ed25519 host key and a host certificate for it signed by {@code caKey}
     * (a private key file, from {@link #generateKey}) for the principal 127.0.0.1.
     */
    public static SshdFixture startWithHostCertificate(Path caKey, String... extraConfig) {
        return start("127.0.0.1", List.of("ed25519"), caKey, extraConfig);
    }

    /**
     * An sshd listening on another loopback address, such as 127.0.0.2: several "hosts" on one
     * machine, each with its own address, as a cluster file lists them.
     */
    public static SshdFixture startOn(String address, String... extraConfig) {
        return start(address, List.of("ed25519"), null, extraConfig);
    }

    private static SshdFixture start(String address, List<String> hostKeyTypes, Path caKey, String... extraConfig) {
        if (!Files.isExecutable(Path.of(SSHD))) {
            throw new IllegalStateException(SSHD + " is missing: apt-get install -y openssh-server");
        }
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "kboot-sshd-");
            // Users other than root read their authorized_keys file here as themselves.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> keyLines = new ArrayList<>();
            for (String type : hostKeyTypes) {
                Path key = dir.resolve("ssh_host_" + type + "_key");
                run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "kboot-it-host", "-f", key.toString());
                keyLines.add("HostKey " + key);
            }
            Path hostKey = dir.resolve("ssh_host_" + hostKeyTypes.get(0) + "_key");
            if (caKey != null) {
                run("ssh-keygen", "-q", "-s", caKey.toString(), "-h", "-I", "kboot-it-host", "-n", address, hostKey + ".pub");
                keyLines.add("HostCertificate " + hostKey + "-cert.pub");
            }
            Files.createDirectories(Path.of("/run/sshd"));
            IOException lastFailure = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freePort(address);
                Path config = dir.resolve("sshd_config");
                // sshd takes the first value of each keyword: extra lines go first to override the defaults.
                List<String> lines = new ArrayList<>(List.of(extraConfig));
                lines.addAll(List.of(
                        "Port " + port,
                        "ListenAddress " + address));
                lines.addAll(keyLines);
                lines.addAll(List.of(
                        "PidFile " + dir.resolve("sshd.pid"),
                        "AuthorizedKeysFile " + dir.resolve("authorized_keys.%u"),
                        "StrictModes no",
                        "UsePAM no",
                        "PermitRootLogin yes",
                        "PasswordAuthentication yes",
                        "KbdInteractiveAuthentication no",
                        "Subsystem sftp internal-sftp",
                        // The test sshd logs in as the user running the tests, whose own ~/.bashrc bash would
                        // source for every command (Debian's bash does so under sshd). A machine's rc files are
                        // not the host kboot prepares: one with pyenv's init waited 60 s per command on a stale
                        // rehash lock and ran CI out of time. SHLVL=1 makes bash a nested shell, which skips it.
                        "SetEnv SHLVL=1",
                        "LogLevel VERBOSE"));
                Files.write(config, lines);
                Path log = dir.resolve("sshd.log");
                Process process = new ProcessBuilder(SSHD, "-D", "-e", "-f", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (waitForListening(process, log, address, port)) {
                    return new SshdFixture(dir, address, port, process, log, hostKey);
                }
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                lastFailure = new IOException("sshd did not start: " + Files.readString(log));
            }
            throw lastFailure;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean waitForListening(Process process, Path log, String address, int port)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("Server listening on " + address + " port " + port)) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** How kboot names this host: {@code 127.0.0.1:<port>}. */
    public String name() {
        return address + ":" + port;
    }

    /** The loopback address it listens on. */
    public String address() {
        return address;
    }

    public SshTarget target(String user) {
        return SshTarget.parse(user + "@" + address + ":" + port);
    }

    public Path directory() {
        return dir;
    }

    /** {@code <type> <base64>} of the host key. */
    public String hostPublicKey() {
        try {
            String[] fields = Files.readString(Path.of(hostKey + ".pub")).trim().split("\\s+");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <type> <base64>} of the host key of this type (ed25519, ecdsa, rsa). */
    public String hostPublicKey(String type) {
        try {
            String[] fields = Files.readString(dir.resolve("ssh_host_" + type + "_key.pub")).trim().split("\\s+");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The known_hosts line for this sshd. */
    public String knownHostsLine() {
        return "[" + address + "]:" + port + " " + hostPublicKey();
    }

    /** The host key's fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:...}. */
    public String fingerprint() {
        String out = run("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub");
        return out.split("\\s+")[1];
    }

    /** Lets {@code user} log in with the public half of {@code privateKey}. */
    public SshdFixture authorize(String user, Path privateKey) {
        try {
            Path file = dir.resolve("authorized_keys." + user);
            Files.write(file, Files.readAllBytes(Path.of(privateKey + ".pub")), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Drops every connection the way a crash or a network cut would: kills the per-connection sshd
     * processes first, so that nobody is left to report an exit status, then what ran under them.
     * The listening sshd stays.
     */
    public void killSessions() {
        List<ProcessHandle> sessions = process.toHandle().descendants().toList();
        sessions.stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sshd")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.forEach(ProcessHandle::destroyForcibly);
    }

    /** How many connections sshd is serving now (one child process each). */
    public long connections() {
        return process.toHandle().children().count();
    }

    /** Freezes (SIGSTOP) every session, like a host that hangs without closing its connections. */
    public void freezeSessions() {
        signalSessions("-STOP");
    }

    /** Lets frozen sessions run again. */
    public void thawSessions() {
        signalSessions("-CONT");
    }

    private void signalSessions(String signal) {
        for (ProcessHandle session : process.toHandle().descendants().toList()) {
            run("kill", signal, Long.toString(session.pid()));
        }
    }

    /** Stops sshd and everything it started. */
    public void stop() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop();
        deleteRecursively(dir);
    }

    // ---- users and keys ----

    /** Creates the test users if absent; returns the password of {@value #PLAIN_USER} for this JVM. */
    public static synchronized String ensureUsers() {
        if (plainUserPassword != null) {
            return plainUserPassword;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/sudo"))) {
            throw new IllegalStateException("/usr/bin/sudo is missing: apt-get install -y sudo");
        }
        for (String user : List.of(SUDO_USER, PLAIN_USER)) {
            if (exitCode("id", "-u", user) != 0) {
                run("useradd", "-m", "-s", "/bin/bash", user);
            }
        }
        // A "!" password locks the account for sshd without PAM, keys included; "*" does not.
        run("usermod", "-p", "*", SUDO_USER);
        try {
            Path sudoers = Path.of("/etc/sudoers.d/" + SUDO_USER);
            String rule = SUDO_USER + " ALL=(ALL) NOPASSWD:ALL\n";
            if (!Files.exists(sudoers) || !Files.readString(sudoers).equals(rule)) {
                Files.writeString(sudoers, rule);
                Files.setPosixFilePermissions(sudoers, PosixFilePermissions.fromString("r--r-----"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] secret = new byte[12];
        RANDOM.nextBytes(secret);
        String password = "kb-" + HexFormat.of().formatHex(secret);
        runWithInput(PLAIN_USER + ":" + password + "\n", "chpasswd");
        plainUserPassword = password;
        return password;
    }

    /**
     * Makes a client key pair with ssh-keygen: {@code type} ed25519, ecdsa or rsa; {@code pem}
     * for the old PEM format instead of OpenSSH's; an empty passphrase for none.
     */
    public static Path generateKey(Path dir, String name, String type, boolean pem, String passphrase) {
        Path file = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "kboot-it-" + name,
                "-f", file.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        if (pem) {
            command.addAll(List.of("-m", "PEM"));
        }
        run(command.toArray(String[]::new));
        return file;
    }

    public static String run(String... command) {
        return runWithInput(null, command);
    }

    static String runWithInput(String input, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int exitCode(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Best effort for temporary files.
                }
            });
        } catch (IOException e) {
            // Best effort.
        }
    }
}
