package io.kboot.host.ssh;

import io.kboot.host.Fanout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings for a whole run rather than one host: where ~/.ssh is, how to ask for passphrases, how
 * hard to retry, how many channels to open per connection.
 *
 * @param userHome the directory whose .ssh holds default keys and known_hosts
 * @param localUser the login user for targets that name none (OpenSSH's default)
 * @param env the environment, read for {@value #PASSPHRASE_ENV}
 * @param passphrasePrompt asked for an encrypted key's passphrase when the environment has none
 * @param channelsPerHost concurrent channels (commands and the SFTP session) on one connection;
 *     sshd's MaxSessions defaults to 10
 * @param connectConcurrency hosts connected at once by {@link SshConnector#connectAll}
 * @param connectAttempts tries per host for failures that may pass (refused, timed out, reset)
 * @param authAttempts of those, how many may fail authentication: a host being provisioned
 *     accepts connections before its authorized_keys exists
 * @param retryDelay the first wait between tries; it doubles up to {@code maxRetryDelay}
 * @param maxRetryDelay the longest wait between tries
 * @param keepAliveInterval how often an idle connection is probed; three missed replies drop it
 */
public record SshOptions(
        Path userHome,
        String localUser,
        Map<String, String> env,
        PassphrasePrompt passphrasePrompt,
        int channelsPerHost,
        int connectConcurrency,
        int connectAttempts,
        int authAttempts,
        Duration retryDelay,
        Duration maxRetryDelay,
        Duration keepAliveInterval) {

    /** The environment variable holding the passphrase of encrypted private keys. */
    public static final String PASSPHRASE_ENV = "KBOOT_SSH_KEY_PASSPHRASE";

    public SshOptions {
        Objects.requireNonNull(userHome, "userHome");
        Objects.requireNonNull(localUser, "localUser");
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(passphrasePrompt, "passphrasePrompt");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        if (channelsPerHost < 1) {
            throw new IllegalArgumentException("channelsPerHost must be at least 1, got " + channelsPerHost);
        }
        if (connectConcurrency < 1) {
            throw new IllegalArgumentException("connectConcurrency must be at least 1, got " + connectConcurrency);
        }
        if (connectAttempts < 1 || authAttempts < 1) {
            throw new IllegalArgumentException("connect and auth attempts must be at least 1");
        }
    }

    /** The process's home, user and environment; no prompt; 8 channels, 5 tries, keepalive 15 s. */
    public static SshOptions defaults() {
        return new SshOptions(Path.of(System.getProperty("user.home")), System.getProperty("user.name"),
                System.getenv(), PassphrasePrompt.NONE, 8, Fanout.DEFAULT_CONCURRENCY, 5, 3,
                Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(15));
    }

    public SshOptions withUserHome(Path home) {
        return new SshOptions(home, localUser, env, passphrasePrompt, channelsPerHost, connectConcurrency,
                connectAttempts, authAttempts, retryDelay, maxRetryDelay, keepAliveInterval);
    }

    public SshOptions withEnv(Map<String, String> newEnv) {
        return new SshOptions(userHome, localUser, newEnv, passphrasePrompt, channelsPerHost, connectConcurrency,
                connectAttempts, authAttempts, retryDelay, maxRetryDelay, keepAliveInterval);
    }

    public SshOptions withPassphrasePrompt(PassphrasePrompt prompt) {
        return new SshOptions(userHome, localUser, env, prompt, channelsPerHost, connectConcurrency,
                connectAttempts, authAttempts, retryDelay, maxRetryDelay, keepAliveInterval);
    }

    public SshOptions withChannelsPerHost(int channels) {
        return new SshOptions(userHome, localUser, env, passphrasePrompt, channels, connectConcurrency,
                connectAttempts, authAttempts, retryDelay, maxRetryDelay, keepAliveInterval);
    }

    public SshOptions withConnectConcurrency(int concurrency) {
        return new SshOptions(userHome, localUser, env, passphrasePrompt, channelsPerHost, concurrency,
                connectAttempts, authAttempts, retryDelay, maxRetryDelay, keepAliveInterval);
    }

    /** Tries per host, of which {@code auth} may be authentication failures, starting {@code delay} apart. */
    public SshOptions withRetries(int attempts, int auth, Duration delay) {
        return new SshOptions(userHome, localUser, env, passphrasePrompt, channelsPerHost, connectConcurrency,
                attempts, auth, delay, maxRetryDelay, keepAliveInterval);
    }

    public SshOptions withKeepAliveInterval(Duration interval) {
        return new SshOptions(userHome, localUser, env, passphrasePrompt, channelsPerHost, connectConcurrency,
                connectAttempts, authAttempts, retryDelay, maxRetryDelay, interval);
    }

    /** ~/.ssh under {@link #userHome}. */
    Path sshDir() {
        return userHome.resolve(".ssh");
    }

    /** SshOptions hold the environment; never print it. */
    @Override
    public String toString() {
        return "SshOptions[home=" + userHome + ", user=" + localUser + ", channels=" + channelsPerHost
                + ", concurrency=" + connectConcurrency + ", attempts=" + connectAttempts + "/" + authAttempts + "]";
    }
}
