package io.kboot.cli;

import io.kboot.host.Host;
import io.kboot.host.LocalHost;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which machine a command acts on. No --host means this machine. */
public final class TargetOptions {
    @Option(names = "--host", paramLabel = "[USER@]ADDR[:PORT]",
            description = "The node to act on over SSH. Without it, kboot acts on this machine.")
    Optional<String> host = Optional.empty();

    @Option(names = "--ssh-user", paramLabel = "USER", description = "SSH user (default: the user in --host, else root).")
    Optional<String> user = Optional.empty();

    @Option(names = "--ssh-port", paramLabel = "PORT", converter = Converters.Port.class, description = "SSH port (default: 22).")
    Optional<Integer> port = Optional.empty();

    @Option(names = "--ssh-key", paramLabel = "FILE",
            description = "Private key file (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa). A passphrase is read from"
                    + " KBOOT_SSH_KEY_PASSPHRASE or asked for.")
    Optional<Path> key = Optional.empty();

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default: ~/.ssh/known_hosts).")
    Optional<Path> knownHosts = Optional.empty();

    @Option(names = "--accept-new-host-key",
            description = "Trust a host key seen for the first time and record it (trust on first use)."
                    + " A changed key is always refused.")
    boolean acceptNewHostKey;

    @Option(names = "--jump", paramLabel = "[USER@]HOST[:PORT]", description = "Reach the node through this bastion (ProxyJump).")
    Optional<String> jump = Optional.empty();

    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "OpenSSH client configuration for --host (Host aliases, HostName, User, Port, IdentityFile,"
                    + " ProxyJump, UserKnownHostsFile, StrictHostKeyChecking, IdentityAgent); flags win over it"
                    + " (default: ~/.ssh/config if it exists; none: no file).")
    Optional<Path> sshConfig = Optional.empty();

    @Option(names = "--sudo", description = "Connect as a non-root user and run commands with sudo -n.")
    boolean sudo;

    @Option(names = "--ssh-password-env", paramLabel = "VAR",
            description = "Use password authentication with the password in this environment variable.")
    Optional<String> passwordEnv = Optional.empty();

    boolean isLocal() {
        return host.isEmpty();
    }

    /** Opens the target. Called only after every input was validated, so bad input touches nothing. */
    Host open() {
        if (isLocal()) {
            return new LocalHost();
        }
        return SshTargets.open(this);
    }
}
