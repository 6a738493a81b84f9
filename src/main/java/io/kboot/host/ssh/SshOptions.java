package io.kboot.host.ssh;

import io.kboot.host.Fanout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Settings for a whole run rather than one host, in three parts: the workstation (where ~/.ssh
 * is, how to ask for passphrases), the connections (channels per host, hosts at once, keepalive)
 * and the retries. A changed copy comes from {@code with<Part>(part -> part.with<Field>(value))}.
 */
public record SshOptions(Workstation workstation, Connections connections, Retries retries) {

    /** The environment variable holding the passphrase of encrypted private keys. */
    public static final String PASSPHRASE_ENV = "KBOOT_SSH_KEY_PASSPHRASE";

    /**
     * This machine's side.
     *
     * @param userHome the directory whose .ssh holds default keys and known_hosts
     * @param localUser the login user for targets that name none (OpenSSH's default)
     * @param env the environment, read for {@value #PASSPHRASE_ENV}
     * @param passphrasePrompt asked for an encrypted key's passphrase when the environment has none
     */
    public record Workstation(Path userHome, String localUser, Map<String, String> env, PassphrasePrompt passphrasePrompt) {
        public Workstation {
            Objects.requireNonNull(userHome, "userHome");
            Objects.requireNonNull(localUser, "localUser");
            env = Map.copyOf(Objects.requireNonNull(env, "env"));
            Objects.requireNonNull(passphrasePrompt, "passphrasePrompt");
        }

        public Workstation withUserHome(Path home) {
            return new Workstation(home, localUser, env, passphrasePrompt);
        }

        public Workstation withEnv(Map<String, String> newEnv) {
            return new Workstation(userHome, localUser, newEnv, passphrasePrompt);
        }

        public Workstation withPassphrasePrompt(PassphrasePrompt prompt) {
            return new Workstation(userHome, localUser, env, prompt);
        }

        /** ~/.ssh under {@link #userHome}. */
        Path sshDir() {
            return userHome.resolve(".ssh");
        }

        /** The environment may hold secrets; never print it. */
        @Override
        public String toString() {
            return "Workstation[home=" + userHome + ", user=" + localUser + "]";
        }
    }

    /**
     * @param channelsPerHost concurrent channels (commands and the SFTP session) on one connection;
     *     sshd's MaxSessions defaults to 10
     * @param concurrency hosts connected at once by {@link SshConnector#connectAll}
     * @param keepAliveInterval how often an idle connection is probed; three missed replies drop it
     */
    public record Connections(int channelsPerHost, int concurrency, Duration keepAliveInterval) {
        public Connections {
            Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
            if (channelsPerHost < 1) {
                throw new IllegalArgumentException("channelsPerHost must be at least 1, got " + channelsPerHost);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("connectConcurrency must be at least 1, got " + concurrency);
            }
        }

        public Connections withChannelsPerHost(int channels) {
            return new Connections(channels, concurrency, keepAliveInterval);
        }

        public Connections withConcurrency(int hosts) {
            return new Connections(channelsPerHost, hosts, keepAliveInterval);
        }

        public Connections withKeepAliveInterval(Duration interval) {
            return new Connections(channelsPerHost, concurrency, interval);
        }
    }

    /**
     * @param attempts tries per host for failures that may pass (refused, timed out, reset)
     * @param authAttempts of those, how many may fail authentication: a host being provisioned
     *     accepts connections before its authorized_keys exists
     * @param delay the first wait between tries; it doubles up to {@code maxDelay}
     * @param maxDelay the longest wait between tries
     */
    public record Retries(int attempts, int authAttempts, Duration delay, Duration maxDelay) {
        public Retries {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (attempts < 1 || authAttempts < 1) {
                throw new IllegalArgumentException("connect and auth attempts must be at least 1");
            }
        }

        /** Tries per host, of which {@code auth} may be authentication failures. */
        public Retries withAttempts(int tries, int auth) {
            return new Retries(tries, auth, delay, maxDelay);
        }

        public Retries withDelay(Duration first) {
            return new Retries(attempts, authAttempts, first, maxDelay);
        }
    }

    public SshOptions {
        Objects.requireNonNull(workstation, "workstation");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(retries, "retries");
    }

    /** The process's home, user and environment; no prompt; 8 channels, 5 tries, keepalive 15 s. */
    public static SshOptions defaults() {
        return new SshOptions(
                new Workstation(Path.of(System.getProperty("user.home")), System.getProperty("user.name"), System.getenv(),
                        PassphrasePrompt.NONE),
                new Connections(8, Fanout.DEFAULT_CONCURRENCY, Duration.ofSeconds(15)),
                new Retries(5, 3, Duration.ofMillis(500), Duration.ofSeconds(4)));
    }

    public SshOptions withWorkstation(UnaryOperator<Workstation> change) {
        return new SshOptions(change.apply(workstation), connections, retries);
    }

    public SshOptions withConnections(UnaryOperator<Connections> change) {
        return new SshOptions(workstation, change.apply(connections), retries);
    }

    public SshOptions withRetries(UnaryOperator<Retries> change) {
        return new SshOptions(workstation, connections, change.apply(retries));
    }
}
