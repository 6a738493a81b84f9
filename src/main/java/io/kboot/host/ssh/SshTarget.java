package io.kboot.host.ssh;

import io.kboot.KbootException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach one host over SSH: where ({@code [user@]host[:port]}) and how to authenticate and
 * trust it. Parsed once at the edge with {@link #parse}, then adjusted with the {@code with…}
 * methods; nothing here touches the network or resolves a name.
 *
 * <p>Defaults follow OpenSSH: port 22, the local user name, keys {@code ~/.ssh/id_ed25519},
 * {@code id_ecdsa}, {@code id_rsa}, host keys checked against {@code ~/.ssh/known_hosts} (and
 * the read-only {@code /etc/ssh/ssh_known_hosts}). Unlike OpenSSH, an unknown host key is refused
 * unless {@link #acceptNewHostKey} is set, and a changed one is always refused.
 *
 * <p>A jump host is another target. Settings it leaves at their defaults (identity files,
 * known_hosts file, accept-new, timeouts) are taken from the target it leads to; its user is its
 * own (OpenSSH's rule for {@code -J}). Passwords and sudo never pass to the jump.
 *
 * @param host a host name or an IP address; IPv6 without brackets
 * @param port 1 to 65535
 * @param user the login user; empty means the local user name, as OpenSSH does
 * @param identityFiles private keys to offer; empty means the default keys found in ~/.ssh
 * @param password a password to try after the keys; only when given explicitly
 * @param knownHosts the known_hosts file to check and append to; empty means ~/.ssh/known_hosts
 * @param acceptNewHostKey trust an unknown host key on first use and append it to known_hosts
 * @param jump the host to tunnel through (ProxyJump), itself possibly behind another jump
 * @param sudo run commands and write files as root through {@code sudo -n} (ignored for root)
 * @param connectTimeout bound on one attempt at TCP connect, key exchange and authentication
 */
public record SshTarget(
        String host,
        int port,
        Optional<String> user,
        List<Path> identityFiles,
        Optional<String> password,
        Optional<Path> knownHosts,
        boolean acceptNewHostKey,
        Optional<SshTarget> jump,
        boolean sudo,
        Duration connectTimeout) {

    public static final int DEFAULT_PORT = 22;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.$-]{0,63}");

    public SshTarget {
        Objects.requireNonNull(host, "host");
        user = user == null ? Optional.empty() : user;
        identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
        password = password == null ? Optional.empty() : password;
        knownHosts = knownHosts == null ? Optional.empty() : knownHosts;
        jump = jump == null ? Optional.empty() : jump;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        if (!isHostName(host) && !isIpv6(host)) {
            throw invalid(host, "not a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw invalid(host + ":" + port, "port must be 1 to 65535");
        }
        user.ifPresent(u -> {
            if (!USER.matcher(u).matches()) {
                throw invalid(u + "@" + host, "not a valid user name");
            }
        });
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new KbootException.InvalidInput("SSH connect timeout must be positive, got " + connectTimeout);
        }
    }

    /**
     * Parses {@code [ssh://][user@]host[:port]}; IPv6 addresses go in brackets when a port
     * follows ({@code [fe80::1]:2222}), and may stand bare without one.
     *
     * @throws KbootException.InvalidInput naming the value when it cannot be a target
     */
    public static SshTarget parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String rest = spec.strip();
        if (rest.isEmpty()) {
            throw invalid(spec, "empty");
        }
        if (rest.regionMatches(true, 0, "ssh://", 0, 6)) {
            rest = rest.substring(6);
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
        }
        Optional<String> user = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String name = rest.substring(0, at);
            if (name.isEmpty() || !USER.matcher(name).matches()) {
                throw invalid(spec, "not a valid user name before '@'");
            }
            user = Optional.of(name);
            rest = rest.substring(at + 1);
        }
        String host;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(spec, "missing ']'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(spec, "unexpected text after ']'");
                }
                port = parsePort(spec, after.substring(1));
            }
            if (!isIpv6(host) && !isHostName(host)) {
                throw invalid(spec, "not a host name or IP address in brackets");
            }
        } else {
            int firstColon = rest.indexOf(':');
            if (firstColon >= 0 && firstColon != rest.lastIndexOf(':')) {
                // Several colons and no brackets: a bare IPv6 address, as ssh accepts it.
                if (!isIpv6(rest)) {
                    throw invalid(spec, "an IPv6 address with a port needs brackets: [addr]:port");
                }
                host = rest;
            } else if (firstColon >= 0) {
                host = rest.substring(0, firstColon);
                port = parsePort(spec, rest.substring(firstColon + 1));
            } else {
                host = rest;
            }
        }
        if (host.isEmpty()) {
            throw invalid(spec, "no host");
        }
        if (!isHostName(host) && !isIpv6(host)) {
            throw invalid(spec, "not a host name or IP address");
        }
        return new SshTarget(host, port, user, List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(),
                false, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Parses a ProxyJump list, OpenSSH style: {@code jump1,jump2} reaches jump2 through jump1 and
     * the target through jump2. Each entry is {@code [user@]host[:port]}.
     */
    public SshTarget withJump(String jumps) {
        Objects.requireNonNull(jumps, "jumps");
        SshTarget previous = null;
        for (String hop : jumps.split(",", -1)) {
            if (hop.isBlank()) {
                throw invalid(jumps, "empty jump host in the list");
            }
            SshTarget parsed = parse(hop);
            previous = previous == null ? parsed : parsed.withJump(previous);
        }
        return withJump(previous);
    }

    public SshTarget withJump(SshTarget jumpHost) {
        return new SshTarget(host, port, user, identityFiles, password, knownHosts, acceptNewHostKey,
                Optional.ofNullable(jumpHost), sudo, connectTimeout);
    }

    public SshTarget withUser(String newUser) {
        return new SshTarget(host, port, Optional.ofNullable(newUser), identityFiles, password, knownHosts,
                acceptNewHostKey, jump, sudo, connectTimeout);
    }

    /** Sets the user unless the target names one ({@code --ssh-user} for hosts given without {@code user@}). */
    public SshTarget withDefaultUser(String defaultUser) {
        return user.isPresent() || defaultUser == null ? this : withUser(defaultUser);
    }

    public SshTarget withPort(int newPort) {
        return new SshTarget(host, newPort, user, identityFiles, password, knownHosts, acceptNewHostKey, jump, sudo,
                connectTimeout);
    }

    public SshTarget withIdentityFiles(List<Path> files) {
        return new SshTarget(host, port, user, files, password, knownHosts, acceptNewHostKey, jump, sudo,
                connectTimeout);
    }

    /** Enables password authentication with this password (tried after the keys). */
    public SshTarget withPassword(String newPassword) {
        return new SshTarget(host, port, user, identityFiles, Optional.ofNullable(newPassword), knownHosts,
                acceptNewHostKey, jump, sudo, connectTimeout);
    }

    public SshTarget withKnownHosts(Path file) {
        return new SshTarget(host, port, user, identityFiles, password, Optional.ofNullable(file), acceptNewHostKey,
                jump, sudo, connectTimeout);
    }

    public SshTarget withAcceptNewHostKey(boolean accept) {
        return new SshTarget(host, port, user, identityFiles, password, knownHosts, accept, jump, sudo,
                connectTimeout);
    }

    public SshTarget withSudo(boolean useSudo) {
        return new SshTarget(host, port, user, identityFiles, password, knownHosts, acceptNewHostKey, jump, useSudo,
                connectTimeout);
    }

    public SshTarget withConnectTimeout(Duration timeout) {
        return new SshTarget(host, port, user, identityFiles, password, knownHosts, acceptNewHostKey, jump, sudo,
                timeout);
    }

    /**
     * The name used in output and errors: the host, with the port when it is not 22, IPv6 in
     * brackets then ({@code node1}, {@code 10.0.0.5:2222}, {@code [fe80::1]:2222}).
     */
    public String name() {
        if (port == DEFAULT_PORT) {
            return host;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The jump chain, nearest to this machine first. */
    public List<SshTarget> jumpChain() {
        List<SshTarget> chain = new ArrayList<>();
        for (Optional<SshTarget> hop = jump; hop.isPresent(); hop = hop.get().jump()) {
            chain.add(0, hop.get());
        }
        return chain;
    }

    /** A jump host with the settings it left at defaults taken from the target it leads to. */
    SshTarget asJumpFor(SshTarget target) {
        return new SshTarget(host, port, user,
                identityFiles.isEmpty() ? target.identityFiles : identityFiles,
                Optional.empty(),
                knownHosts.isPresent() ? knownHosts : target.knownHosts,
                acceptNewHostKey || target.acceptNewHostKey,
                jump.map(j -> j.asJumpFor(target)),
                false,
                connectTimeout.equals(DEFAULT_CONNECT_TIMEOUT) ? target.connectTimeout : connectTimeout);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SshTarget[" + user.map(u -> u + "@").orElse("") + name()
                + (identityFiles.isEmpty() ? "" : ", keys=" + identityFiles)
                + (password.isPresent() ? ", password=<redacted>" : "")
                + knownHosts.map(k -> ", knownHosts=" + k).orElse("")
                + (acceptNewHostKey ? ", acceptNewHostKey" : "")
                + jump.map(j -> ", jump=" + j.user().map(u -> u + "@").orElse("") + j.name()).orElse("")
                + (sudo ? ", sudo" : "")
                + "]";
    }

    private static int parsePort(String spec, String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(spec, "port must be a number from 1 to 65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw invalid(spec, "port must be a number from 1 to 65535");
        }
        return port;
    }

    private static boolean isHostName(String host) {
        if (!HOST_NAME.matcher(host).matches() || host.contains("..") || host.endsWith("-")) {
            return false;
        }
        for (String label : host.toLowerCase(Locale.ROOT).split("\\.")) {
            if (label.length() > 63 || label.startsWith("-")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String host) {
        if (!IPV6.matcher(host).matches()) {
            return false;
        }
        String address = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
        int colons = (int) address.chars().filter(c -> c == ':').count();
        if (colons < 2 || colons > 7 || address.contains(":::")) {
            return false;
        }
        int doubleColon = address.indexOf("::");
        if (doubleColon >= 0 && address.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = address.split(":", -1);
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty()) {
                continue;
            }
            if (group.contains(".")) {
                // An embedded IPv4 address may only be last (::ffff:10.0.0.1).
                if (i != groups.length - 1 || !group.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
                    return false;
                }
            } else if (group.length() > 4) {
                return false;
            }
        }
        return doubleColon >= 0 || colons == 7 || groups[groups.length - 1].contains(".");
    }

    private static KbootException.InvalidInput invalid(String value, String why) {
        return new KbootException.InvalidInput("invalid SSH host '" + value + "': " + why);
    }
}
