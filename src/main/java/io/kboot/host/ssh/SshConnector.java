package io.kboot.host.ssh;

import io.kboot.KbootException;
import io.kboot.host.Fanout;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import io.kboot.host.SudoHost;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * Turns {@link SshTarget}s into connected {@link Host}s: the one entry point for the CLI.
 *
 * <pre>{@code
 * SshConnector ssh = new SshConnector(SshOptions.defaults().withWorkstation(w -> w.withPassphrasePrompt(consolePrompt)));
 * Host node = ssh.connect(SshTarget.parse("admin@10.0.0.5").withSudo(true));
 * List<Host> nodes = ssh.connectAll(targets);      // in parallel; all or nothing
 * }</pre>
 *
 * <p>Each host gets one connection, kept for the run and shared by its commands and file
 * transfers. A connection attempt that fails in a way that may pass (refused, timed out, reset,
 * authentication refused while the host is still provisioning) is retried with backoff; a refused
 * host key never is. Hosts behind the same jump host share one connection to it. Keys are loaded
 * and decrypted once for all hosts, before any connection is made.
 */
public final class SshConnector {

    private static final Path GLOBAL_KNOWN_HOSTS = Path.of("/etc/ssh/ssh_known_hosts");
    private static final int KEEPALIVE_MISSES = 3;

    private final SshOptions options;
    private final Identities identities;
    private final Map<String, Jump> jumps = new HashMap<>(); // guarded by itself
    private volatile Config config;

    public SshConnector(SshOptions options) {
        EcdsaKeyFactory.install();
        this.options = Objects.requireNonNull(options, "options");
        this.identities = new Identities(options, this::config);
    }

    /** Connects to one host with the given options. */
    public static Host connect(SshTarget target, SshOptions options) {
        return new SshConnector(options).connect(target);
    }

    /**
     * Connects to one host (through its jump hosts, if any), authenticates, and with sudo checks
     * that {@code sudo -n} works.
     *
     * @throws KbootException.InvalidInput if a key given cannot be used, or there is no key at all
     * @throws HostException naming the host and the cause: unreachable, authentication refused,
     *     unknown or changed host key, sudo wants a password
     */
    public Host connect(SshTarget target) {
        prepare(target);
        return open(target);
    }

    /**
     * Connects to all hosts in parallel ({@link SshOptions.Connections#concurrency} at a time) and
     * returns them in the targets' order. Keys are checked for every target first, so a bad key
     * fails before any connection is made.
     *
     * @throws Fanout.Failed naming every host that could not be connected; the hosts that did
     *     connect are closed again
     */
    public List<Host> connectAll(List<SshTarget> targets) {
        targets.forEach(this::prepare);
        List<Host> opened = Collections.synchronizedList(new ArrayList<>());
        try {
            return Fanout.run(targets, SshTarget::name, options.connections().concurrency(), target -> {
                Host host = open(target);
                opened.add(host);
                return host;
            });
        } catch (RuntimeException e) {
            synchronized (opened) {
                opened.forEach(Host::close);
            }
            throw e;
        }
    }

    /** Loads the keys every hop needs; this is where a passphrase is asked, once per key. */
    private void prepare(SshTarget target) {
        identities.resolve(target);
        for (SshTarget hop : target.jumpChain()) {
            identities.resolve(hop.asJumpFor(target));
        }
    }

    private Host open(SshTarget target) {
        String user = userOf(target);
        boolean sudo = target.sudo() && !user.equals("root");
        Jump jump = null;
        try {
            if (target.connection().jump().isPresent()) {
                jump = acquire(target.connection().jump().get().asJumpFor(target), target.name());
            }
            SSHClient client = connectWithRetries(target, user, jump == null ? null : jump.client, target.name());
            Jump lease = jump;
            SshHost host = new SshHost(target.name(), user, client, options.connections().channelsPerHost(),
                    sudo ? SudoHost::asRoot : UnaryOperator.identity(),
                    () -> connectWithRetries(target, user, lease == null ? null : lease.client, target.name()),
                    () -> release(lease));
            jump = null; // the host releases it now
            if (!sudo) {
                return host;
            }
            try {
                return SudoHost.open(host, user);
            } catch (RuntimeException e) {
                host.close();
                throw e;
            }
        } finally {
            if (jump != null) {
                release(jump);
            }
        }
    }

    // ---- one connection, with retries ----

    private SSHClient connectWithRetries(SshTarget target, String user, SSHClient via, String reportAs) {
        Identities.Resolved keys = identities.resolve(target);
        Duration delay = options.retries().delay();
        int authFailures = 0;
        for (int attempt = 1;; attempt++) {
            KnownHosts knownHosts = new KnownHosts(knownHostsFile(target), List.of(GLOBAL_KNOWN_HOSTS),
                    target.hostKeys().acceptNew());
            SSHClient client = new SSHClient(config());
            try {
                connectOnce(client, knownHosts, target, user, keys, via);
                return client;
            } catch (IOException | RuntimeException e) {
                closeQuietly(client);
                Optional<KnownHosts.Rejection> rejected = knownHosts.rejection();
                if (rejected.isPresent()) {
                    throw new HostException(reportAs, rejected.get().message());
                }
                boolean auth = e instanceof UserAuthException;
                if (auth) {
                    authFailures++;
                }
                if (!SshErrors.retryable(e) || attempt >= options.retries().attempts()
                        || (auth && authFailures >= options.retries().authAttempts())) {
                    throw new HostException(reportAs, describeFailure(e, target, user, keys, via != null, attempt), e);
                }
                sleep(delay, reportAs);
                Duration max = options.retries().maxDelay();
                delay = delay.multipliedBy(2).compareTo(max) > 0 ? max : delay.multipliedBy(2);
            }
        }
    }

    private void connectOnce(SSHClient client, KnownHosts knownHosts, SshTarget target, String user,
            Identities.Resolved keys, SSHClient via) throws IOException {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, target.connection().timeout().toMillis());
        client.addHostKeyVerifier(knownHosts);
        client.setConnectTimeout(timeoutMs);
        client.getTransport().setTimeoutMs(timeoutMs);
        client.getConnection().setTimeoutMs(timeoutMs);
        // Set before connecting: sshj starts the keepalive thread on connect when the interval is positive.
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval((int) Math.max(1, options.connections().keepAliveInterval().toSeconds()));
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(KEEPALIVE_MISSES);
        }
        if (via == null) {
            client.connect(target.address().host(), target.address().port());
            // Commands are small request/reply exchanges: without this, Nagle's algorithm and the
            // peer's delayed ACK add ~40 ms to back-to-back commands on one connection.
            client.getSocket().setTcpNoDelay(true);
        } else {
            DirectConnection tunnel = via.newDirectConnection(target.address().host(), target.address().port());
            client.connectVia(tunnel, target.address().host(), target.address().port());
        }
        authenticate(client, user, keys, target.auth().password());
    }

    private static void authenticate(SSHClient client, String user, Identities.Resolved keys, Optional<String> password)
            throws IOException {
        UserAuthException refused = null;
        if (!keys.offers().isEmpty()) {
            try {
                client.auth(user, keys.methods());
                return;
            } catch (UserAuthException e) {
                refused = e;
            }
        }
        if (password.isPresent()) {
            client.authPassword(user, password.get().toCharArray());
            return;
        }
        throw refused != null ? refused : new UserAuthException("no key or password to offer");
    }

    private String describeFailure(Throwable e, SshTarget target, String user, Identities.Resolved keys, boolean viaJump,
            int attempts) {
        String tries = attempts > 1 ? " (" + attempts + " attempts)" : "";
        if (e instanceof UserAuthException) {
            return "authentication refused for user " + user + " (offered " + keys.describeOffered()
                    + (target.auth().password().isPresent() ? " and a password" : "") + ")" + tries;
        }
        String cause = SshErrors.cause(e);
        if (viaJump && cause.startsWith("the jump host")) {
            return "cannot connect: " + cause + tries;
        }
        return "cannot connect" + (viaJump ? " through the jump host" : "") + ": " + cause + tries;
    }

    // ---- jump hosts: one shared connection per jump host ----

    private final class Jump {
        final String key;
        final String name;
        final CompletableFuture<SSHClient> ready = new CompletableFuture<>();
        SSHClient client;
        Jump parent;
        int users; // guarded by jumps

        Jump(String key, String name) {
            this.key = key;
            this.name = name;
        }
    }

    private Jump acquire(SshTarget jumpTarget, String forTarget) {
        String user = userOf(jumpTarget);
        String key = jumpKey(jumpTarget, user);
        Jump jump;
        boolean opener = false;
        synchronized (jumps) {
            jump = jumps.get(key);
            if (jump != null && jump.ready.isDone() && !jump.ready.isCompletedExceptionally() && !jump.client.isConnected()) {
                jumps.remove(key); // dropped since; users still holding it keep their reference
                jump = null;
            }
            if (jump == null) {
                jump = new Jump(key, jumpTarget.name());
                jumps.put(key, jump);
                opener = true;
            }
            jump.users++;
        }
        if (opener) {
            try {
                Optional<SshTarget> via = jumpTarget.connection().jump();
                Jump parent = via.isPresent() ? acquire(via.get().asJumpFor(jumpTarget), forTarget) : null;
                try {
                    jump.parent = parent;
                    jump.client = connectWithRetries(jumpTarget, user, parent == null ? null : parent.client, jumpTarget.name());
                    jump.ready.complete(jump.client);
                } catch (RuntimeException e) {
                    if (parent != null) {
                        release(parent);
                    }
                    jump.parent = null;
                    throw e;
                }
            } catch (RuntimeException e) {
                synchronized (jumps) {
                    jumps.remove(key, jump);
                }
                jump.ready.completeExceptionally(e);
            }
        }
        try {
            jump.ready.join();
            return jump;
        } catch (CompletionException e) {
            synchronized (jumps) {
                jump.users--;
            }
            Throwable cause = e.getCause();
            if (cause instanceof HostException failed && !failed.host().equals(forTarget)) {
                // "node1: jump host bastion: cannot connect: connection refused"
                String detail = failed.getMessage().startsWith(failed.host() + ": ")
                        ? failed.getMessage().substring(failed.host().length() + 2) : failed.getMessage();
                throw new HostException(forTarget, "jump host " + failed.host() + ": " + detail, failed);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private void release(Jump jump) {
        if (jump == null) {
            return;
        }
        boolean last;
        synchronized (jumps) {
            last = --jump.users == 0;
            if (last) {
                jumps.remove(jump.key, jump);
            }
        }
        if (last) {
            closeQuietly(jump.client);
            release(jump.parent);
        }
    }

    private static String jumpKey(SshTarget jump, String user) {
        StringBuilder key = new StringBuilder(user).append('@').append(jump.name());
        jump.connection().jump()
                .ifPresent(j -> key.append(" via ").append(j.address().user().orElse("")).append('@').append(j.name()));
        return key.append(' ').append(jump.auth().identityFiles()).append(' ').append(jump.hostKeys().knownHosts()).toString();
    }

    // ---- helpers ----

    private String userOf(SshTarget target) {
        return target.address().user().orElse(options.workstation().localUser());
    }

    private Path knownHostsFile(SshTarget target) {
        Path file = target.hostKeys().knownHosts().orElse(options.workstation().sshDir().resolve("known_hosts"));
        String text = file.toString();
        if (text.startsWith("~/")) {
            return options.workstation().userHome().resolve(text.substring(2));
        }
        return file;
    }

    /** sshj's algorithm set, built once: it takes a few hundred milliseconds. */
    private Config config() {
        Config local = config;
        if (local == null) {
            synchronized (this) {
                local = config;
                if (local == null) {
                    DefaultConfig fresh = new DefaultConfig();
                    fresh.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
                    config = local = fresh;
                }
            }
        }
        return local;
    }

    private static void sleep(Duration delay, String host) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted(host + ": interrupted while connecting", e);
        }
    }

    private static void closeQuietly(SSHClient client) {
        if (client != null) {
            Quietly.run(client::close);
        }
    }
}
