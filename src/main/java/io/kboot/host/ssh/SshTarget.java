package io.kboot.host.ssh;

import io.kboot.KbootException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * How to reach one host over SSH: where ({@code [user@]host[:port]}), how to authenticate, which
 * host keys to trust, through which jump host. Parsed once at the edge with {@link #parse}; a
 * changed copy comes from {@code with<Part>(part -> part.with<Field>(value))}, each part being a
 * small record with its own {@code with…} methods. Nothing here touches the network or resolves
 * a name.
 *
 * <p>Defaults follow OpenSSH: port 22, the local user name, keys {@code ~/.ssh/id_ed25519},
 * {@code id_ecdsa}, {@code id_rsa}, host keys checked against {@code ~/.ssh/known_hosts} (and
 * the read-only {@code /etc/ssh/ssh_known_hosts}). Unlike OpenSSH, an unknown host key is refused
 * unless {@link HostKeyPolicy#acceptNew} is set, and a changed one is always refused.
 *
 * <p>A jump host is another target. Settings it leaves at their defaults (identity files,
 * known_hosts file, accept-new, timeouts) are taken from the target it leads to; its user is its
 * own (OpenSSH's rule for {@code -J}). Passwords and sudo never pass to the jump.
 *
 * @param sudo run commands and write files as root through {@code sudo -n} (ignored for root)
 */
public record SshTarget(Address address, Auth auth, HostKeyPolicy hostKeys, Connection connection, boolean sudo) {

    public static final int DEFAULT_PORT = 22;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.$-]{0,63}");

    /**
     * Where: {@code [user@]host[:port]}.
     *
     * @param host a host name or an IP address; IPv6 without brackets
     * @param port 1 to 65535
     * @param user the login user; empty means the local user name, as OpenSSH does
     */
    public record Address(String host, int port, Optional<String> user) {
        public Address {
            Objects.requireNonNull(host, "host");
            user = user == null ? Optional.empty() : user;
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
        }

        public Address withPort(int newPort) {
            return new Address(host, newPort, user);
        }

        public Address withUser(String newUser) {
            return new Address(host, port, Optional.ofNullable(newUser));
        }

        /** Sets the user unless the address names one ({@code --ssh-user} for hosts given without {@code user@}). */
        public Address withDefaultUser(String defaultUser) {
            return user.isPresent() || defaultUser == null ? this : withUser(defaultUser);
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
    }

    /**
     * How to log in.
     *
     * @param identityFiles private keys to offer; empty means the default keys found in ~/.ssh
     * @param password a password to try after the keys; only when given explicitly
     * @param agent whether and which SSH agent to ask for keys
     */
    public record Auth(List<Path> identityFiles, Optional<String> password, Agent agent) {
        /** The default keys and the agent of {@code SSH_AUTH_SOCK}, no password. */
        public static final Auth DEFAULT = new Auth(List.of(), Optional.empty(), Agent.DEFAULT);

        public Auth {
            identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
            password = password == null ? Optional.empty() : password;
            agent = agent == null ? Agent.DEFAULT : agent;
        }

        public Auth withIdentityFiles(List<Path> files) {
            return new Auth(files, password, agent);
        }

        /** Enables password authentication with this password (tried after the keys). */
        public Auth withPassword(String newPassword) {
            return new Auth(identityFiles, Optional.ofNullable(newPassword), agent);
        }

        public Auth withAgent(Agent newAgent) {
            return new Auth(identityFiles, password, newAgent);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Auth[keys=" + identityFiles + (password.isPresent() ? ", password=<redacted>" : "") + ", " + agent + "]";
        }
    }

    /**
     * The SSH agent, as OpenSSH's IdentityAgent and IdentitiesOnly set it.
     *
     * @param enabled ask the agent at all ({@code IdentityAgent none} turns it off)
     * @param socket the agent's socket; empty means {@code SSH_AUTH_SOCK}
     * @param identitiesOnly offer only the agent's keys that are also identity files (by their .pub)
     */
    public record Agent(boolean enabled, Optional<Path> socket, boolean identitiesOnly) {
        /** The agent of {@code SSH_AUTH_SOCK}, all its keys. */
        public static final Agent DEFAULT = new Agent(true, Optional.empty(), false);
        /** No agent. */
        public static final Agent NONE = new Agent(false, Optional.empty(), false);

        public Agent {
            socket = socket == null ? Optional.empty() : socket;
        }

        public Agent withSocket(Path path) {
            return new Agent(enabled, Optional.ofNullable(path), identitiesOnly);
        }

        public Agent withIdentitiesOnly(boolean only) {
            return new Agent(enabled, socket, only);
        }
    }

    /**
     * Which host keys to trust.
     *
     * @param knownHosts the known_hosts file to check and append to; empty means ~/.ssh/known_hosts
     * @param acceptNew trust an unknown host key on first use and append it to known_hosts
     */
    public record HostKeyPolicy(Optional<Path> knownHosts, boolean acceptNew) {
        /** ~/.ssh/known_hosts; unknown keys refused. */
        public static final HostKeyPolicy DEFAULT = new HostKeyPolicy(Optional.empty(), false);

        public HostKeyPolicy {
            knownHosts = knownHosts == null ? Optional.empty() : knownHosts;
        }

        public HostKeyPolicy withKnownHosts(Path file) {
            return new HostKeyPolicy(Optional.ofNullable(file), acceptNew);
        }

        public HostKeyPolicy withAcceptNew(boolean accept) {
            return new HostKeyPolicy(knownHosts, accept);
        }
    }

    /**
     * How the connection is made.
     *
     * @param jump the host to tunnel through (ProxyJump), itself possibly behind another jump
     * @param timeout bound on one attempt at TCP connect, key exchange and authentication
     */
    public record Connection(Optional<SshTarget> jump, Duration timeout) {
        /** Direct, {@link #DEFAULT_CONNECT_TIMEOUT}. */
        public static final Connection DEFAULT = new Connection(Optional.empty(), DEFAULT_CONNECT_TIMEOUT);

        public Connection {
            jump = jump == null ? Optional.empty() : jump;
            timeout = timeout == null ? DEFAULT_CONNECT_TIMEOUT : timeout;
            if (timeout.isNegative() || timeout.isZero()) {
                throw new KbootException.InvalidInput("SSH connect timeout must be positive, got " + timeout);
            }
        }

        /**
         * Parses a ProxyJump list, OpenSSH style: {@code jump1,jump2} reaches jump2 through jump1 and
         * the target through jump2. Each entry is {@code [user@]host[:port]}.
         */
        public Connection withJump(String jumps) {
            Objects.requireNonNull(jumps, "jumps");
            SshTarget previous = null;
            for (String hop : jumps.split(",", -1)) {
                if (hop.isBlank()) {
                    throw invalid(jumps, "empty jump host in the list");
                }
                SshTarget parsed = parse(hop);
                SshTarget behind = previous;
                previous = behind == null ? parsed : parsed.withConnection(c -> c.withJump(behind));
            }
            return withJump(previous);
        }

        public Connection withJump(SshTarget jumpHost) {
            return new Connection(Optional.ofNullable(jumpHost), timeout);
        }

        public Connection withTimeout(Duration newTimeout) {
            return new Connection(jump, newTimeout);
        }
    }

    public SshTarget {
        Objects.requireNonNull(address, "address");
        auth = auth == null ? Auth.DEFAULT : auth;
        hostKeys = hostKeys == null ? HostKeyPolicy.DEFAULT : hostKeys;
        connection = connection == null ? Connection.DEFAULT : connection;
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
        return new SshTarget(new Address(host, port, user), Auth.DEFAULT, HostKeyPolicy.DEFAULT, Connection.DEFAULT, false);
    }

    public SshTarget withAddress(UnaryOperator<Address> change) {
        return new SshTarget(change.apply(address), auth, hostKeys, connection, sudo);
    }

    public SshTarget withAuth(UnaryOperator<Auth> change) {
        return new SshTarget(address, change.apply(auth), hostKeys, connection, sudo);
    }

    public SshTarget withHostKeys(UnaryOperator<HostKeyPolicy> change) {
        return new SshTarget(address, auth, change.apply(hostKeys), connection, sudo);
    }

    public SshTarget withConnection(UnaryOperator<Connection> change) {
        return new SshTarget(address, auth, hostKeys, change.apply(connection), sudo);
    }

    public SshTarget withSudo(boolean useSudo) {
        return new SshTarget(address, auth, hostKeys, connection, useSudo);
    }

    /** {@link Address#name()}: {@code node1}, {@code 10.0.0.5:2222}. */
    public String name() {
        return address.name();
    }

    /** The jump chain, nearest to this machine first. */
    public List<SshTarget> jumpChain() {
        List<SshTarget> chain = new ArrayList<>();
        for (Optional<SshTarget> hop = connection.jump(); hop.isPresent(); hop = hop.get().connection.jump()) {
            chain.add(0, hop.get());
        }
        return chain;
    }

    /** A jump host with the settings it left at defaults taken from the target it leads to. */
    SshTarget asJumpFor(SshTarget target) {
        Auth keys = auth.identityFiles().isEmpty() ? target.auth.withPassword(null) : auth.withPassword(null);
        HostKeyPolicy trust = new HostKeyPolicy(hostKeys.knownHosts().or(() -> target.hostKeys.knownHosts()),
                hostKeys.acceptNew() || target.hostKeys.acceptNew());
        Connection via = new Connection(connection.jump().map(j -> j.asJumpFor(target)),
                connection.timeout().equals(DEFAULT_CONNECT_TIMEOUT) ? target.connection.timeout() : connection.timeout());
        return new SshTarget(address, keys, trust, via, false);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SshTarget[" + address.user().map(u -> u + "@").orElse("") + name()
                + (auth.identityFiles().isEmpty() ? "" : ", keys=" + auth.identityFiles())
                + (auth.password().isPresent() ? ", password=<redacted>" : "")
                + hostKeys.knownHosts().map(k -> ", knownHosts=" + k).orElse("")
                + (hostKeys.acceptNew() ? ", acceptNewHostKey" : "")
                + connection.jump().map(j -> ", jump=" + j.address.user().map(u -> u + "@").orElse("") + j.name()).orElse("")
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
