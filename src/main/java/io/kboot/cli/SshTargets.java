package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.config.ValueRules;
import io.kboot.host.Host;
import io.kboot.host.ssh.SshConfig;
import io.kboot.host.ssh.SshConnector;
import io.kboot.host.ssh.SshOptions;
import io.kboot.host.ssh.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Turns the SSH options into a connected host. */
final class SshTargets {
    private SshTargets() {}

    static Host open(TargetOptions options) {
        return new SshConnector(connectorOptions()).connect(target(options));
    }

    /** The target the flags describe; bad values are input errors, found before connecting. */
    static SshTarget target(TargetOptions options) {
        SshTarget parsed = SshTarget.parse(options.host.orElseThrow());
        requireAddress("--host", parsed.address().host());
        options.jump.ifPresent(jumps -> {
            for (String hop : jumps.split(",")) {
                if (!hop.isBlank()) {
                    requireAddress("--jump", SshTarget.parse(hop).address().host());
                }
            }
        });
        options.knownHosts.ifPresent(file -> requireFile("--known-hosts", file));
        options.key.ifPresent(file -> requireFile("--ssh-key", file));
        SshConfig config = config(options.sshConfig);
        SshTarget target = parsed.withAddress(a -> options.user.map(a::withUser).orElse(a));
        if (options.port.isPresent()) {
            int port = options.port.get();
            if (port < 1 || port > 65535) {
                throw new KbootException.InvalidInput("--ssh-port: " + port + " is not a port (expected 1-65535)");
            }
            target = target.withAddress(a -> a.withPort(port));
        }
        if (options.key.isPresent()) {
            target = target.withAuth(a -> a.withIdentityFiles(List.of(options.key.get())));
        }
        if (options.knownHosts.isPresent()) {
            target = target.withHostKeys(k -> k.withKnownHosts(options.knownHosts.get()));
        }
        if (options.jump.isPresent()) {
            target = target.withConnection(c -> c.withJump(options.jump.get()));
        }
        if (options.passwordEnv.isPresent()) {
            String variable = options.passwordEnv.get();
            String password = System.getenv(variable);
            if (password == null) {
                throw new KbootException.InvalidInput("--ssh-password-env: environment variable " + variable + " is not set");
            }
            target = target.withAuth(a -> a.withPassword(password));
        }
        target = target.withHostKeys(k -> k.withAcceptNew(options.acceptNewHostKey)).withSudo(options.sudo);
        boolean portGiven = options.port.isPresent() || SshConfig.namesPort(options.host.get());
        return config.apply(target, portGiven).withAddress(a -> a.withDefaultUser("root"));
    }

    /**
     * The OpenSSH client configuration: {@code --ssh-config FILE}, {@code none} for no file, else
     * ~/.ssh/config when it exists. Read whole now, so a malformed file stops the command before
     * any host is touched.
     */
    static SshConfig config(Optional<Path> flag) {
        Path home = Path.of(System.getProperty("user.home"));
        String user = System.getProperty("user.name");
        if (flag.isEmpty()) {
            return SshConfig.userDefault(home, user);
        }
        if (flag.get().toString().equals("none")) {
            return SshConfig.NONE;
        }
        try {
            return SshConfig.load(flag.get(), home, user);
        } catch (KbootException.InvalidInput e) {
            throw new KbootException.InvalidInput("--ssh-config: " + e.getMessage(), e);
        }
    }

    private static void requireAddress(String flag, String host) {
        try {
            ValueRules.sshHost(host);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput(flag + ": " + e.getMessage());
        }
    }

    /** A directory would fail only once SSH reads it, after connecting; a missing known_hosts file may be created. */
    private static void requireFile(String flag, Path file) {
        if (Files.isDirectory(file)) {
            throw new KbootException.InvalidInput(flag + ": " + file + " is a directory, not a file");
        }
    }

    /** Key passphrases come from KBOOT_SSH_KEY_PASSPHRASE or, on a terminal, a prompt. */
    private static SshOptions connectorOptions() {
        return SshOptions.defaults().withWorkstation(w -> w.withPassphrasePrompt(key -> Optional.ofNullable(System.console())
                .map(console -> console.readPassword("Passphrase for %s: ", key))));
    }
}
