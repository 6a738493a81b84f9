package io.kboot.host.ssh;

import io.kboot.KbootException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An OpenSSH client configuration ({@code ~/.ssh/config}, or {@code --ssh-config FILE}) applied
 * to the targets kboot is given, as {@code ssh} applies it (ssh_config(5)):
 *
 * <ul>
 *   <li>{@code Host} blocks by their patterns ({@code *}, {@code ?}, {@code !negated}), matched
 *       against the name as given ({@code --host web1}, a cluster file's {@code address});
 *       {@code Include} (globs, relative to ~/.ssh) in place; {@code Match} blocks are not
 *       evaluated and never apply, except {@code Match all}.
 *   <li>For each setting the first value found wins, except {@code IdentityFile}, which gathers
 *       every value; values given on the command line or in the cluster file come before all.
 *   <li>Read: {@code HostName}, {@code User}, {@code Port}, {@code IdentityFile}, {@code ProxyJump}
 *       (each hop looked up here too), {@code UserKnownHostsFile} (the first file),
 *       {@code StrictHostKeyChecking} ({@code accept-new}, {@code no} and {@code off} become
 *       kboot's trust on first use; a changed key is still refused), {@code IdentityAgent},
 *       {@code IdentitiesOnly}, {@code ConnectTimeout}. Tokens {@code %h %p %r %u %n %d %%} and
 *       {@code ~} expand in file names. Every other keyword is ignored, as OpenSSH-compatible
 *       tools do.
 *   <li>A malformed file (a keyword without its value, a bad port or yes/no, an unclosed quote),
 *       an unsupported token, or an IdentityFile that does not exist is an input error naming
 *       the file and line, found before any host is touched.
 * </ul>
 */
public final class SshConfig {

    /** No configuration: {@code --ssh-config none}, as {@code ssh -F none}. */
    public static final SshConfig NONE = new SshConfig(List.of(), Path.of(System.getProperty("user.home")), "root");

    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final int MAX_JUMP_DEPTH = 8;
    private static final Set<String> YES_NO = Set.of("yes", "no");
    private static final Set<String> STRICT = Set.of("yes", "no", "ask", "accept-new", "off");
    private static final Set<String> SINGLE_VALUE = Set.of("hostname", "user", "port", "identityfile", "proxyjump",
            "stricthostkeychecking", "identityagent", "identitiesonly", "connecttimeout");

    /** Where a value was written, for error messages: {@code /home/me/.ssh/config:12}. */
    public record Source(Path file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** One setting line, kept with the condition of the block it is in. */
    private record Entry(Source at, Predicate<String> applies, String keyword, List<String> args) {
        String value() {
            return args.get(0);
        }
    }

    /**
     * The settings for one name: each keyword's first applying entry, IdentityFile's all.
     */
    static final class Settings {
        private final String alias;
        private final Map<String, Entry> first = new HashMap<>();
        private final List<Entry> identityFiles = new ArrayList<>();

        private Settings(String alias) {
            this.alias = alias;
        }

        String alias() {
            return alias;
        }

        boolean isEmpty() {
            return first.isEmpty() && identityFiles.isEmpty();
        }

        private Optional<Entry> get(String keyword) {
            return Optional.ofNullable(first.get(keyword));
        }
    }

    private final List<Entry> entries;
    private final Path home;
    private final String localUser;

    private SshConfig(List<Entry> entries, Path home, String localUser) {
        this.entries = List.copyOf(entries);
        this.home = home;
        this.localUser = localUser;
    }

    /**
     * Reads {@code file} and what it includes.
     *
     * @param home the user's home: {@code ~} and relative Includes ({@code ~/.ssh})
     * @param localUser {@code %u}
     * @throws KbootException.InvalidInput naming file:line for a malformed line, or the file when
     *     it cannot be read
     */
    public static SshConfig load(Path file, Path home, String localUser) {
        if (!Files.isRegularFile(file)) {
            throw new KbootException.InvalidInput("SSH config " + file + ": "
                    + (Files.isDirectory(file) ? "is a directory, not a file" : "no such file"));
        }
        List<Entry> entries = new ArrayList<>();
        new Reader(home, entries).read(file, name -> true, 0);
        return new SshConfig(entries, home, localUser);
    }

    /** {@code ~/.ssh/config} when it exists, else {@link #NONE}. */
    public static SshConfig userDefault(Path home, String localUser) {
        Path file = home.resolve(".ssh/config");
        return Files.exists(file) ? load(file, home, localUser) : new SshConfig(List.of(), home, localUser);
    }

    /** The settings that apply to {@code alias}. */
    Settings lookup(String alias) {
        Settings settings = new Settings(alias);
        for (Entry entry : entries) {
            if (!entry.applies().test(alias)) {
                continue;
            }
            if (entry.keyword().equals("identityfile")) {
                settings.identityFiles.add(entry);
            } else {
                settings.first.putIfAbsent(entry.keyword(), entry);
            }
        }
        return settings;
    }

    /**
     * The target with this configuration applied under what it already says: its host is the
     * name looked up; its user, identity files, known_hosts file and jump, when set, win over the
     * configuration's, as does its port when {@code portGiven}; trust on first use is on when
     * either turns it on. The jump hosts are looked up by their own names.
     *
     * @throws KbootException.InvalidInput naming the file and line of a value that cannot be used
     */
    public SshTarget apply(SshTarget target, boolean portGiven) {
        return apply(target, portGiven, 0);
    }

    private SshTarget apply(SshTarget target, boolean portGiven, int depth) {
        if (depth > MAX_JUMP_DEPTH) {
            throw new KbootException.InvalidInput("SSH config: ProxyJump chain to " + target.name() + " is longer than "
                    + MAX_JUMP_DEPTH + " hops (a loop?)");
        }
        Settings settings = lookup(target.address().host());
        SshTarget result = target;
        Optional<Entry> hostName = settings.get("hostname");
        if (hostName.isPresent()) {
            String name = Tokens.expand(hostName.get(), Map.of('h', target.address().host()));
            result = at(hostName.get(), () -> target.withAddress(a -> new SshTarget.Address(name, a.port(), a.user())));
        }
        Optional<Entry> port = settings.get("port");
        if (port.isPresent() && !portGiven) {
            int number = Integer.parseInt(port.get().value());
            result = result.withAddress(a -> a.withPort(number));
        }
        Optional<Entry> user = settings.get("user");
        if (user.isPresent() && result.address().user().isEmpty()) {
            SshTarget before = result;
            result = at(user.get(), () -> before.withAddress(a -> a.withUser(user.get().value())));
        }
        // File names may use the final host, port and user, so they are expanded last.
        Map<Character, String> tokens = tokens(settings.alias(), result);
        if (result.auth().identityFiles().isEmpty() && !settings.identityFiles.isEmpty()) {
            List<Path> files = new ArrayList<>();
            for (Entry entry : settings.identityFiles) {
                Path file = expandPath(entry, tokens);
                if (!Files.isRegularFile(file)) {
                    throw new KbootException.InvalidInput(entry.at() + ": IdentityFile " + file + ": "
                            + (Files.isDirectory(file) ? "is a directory, not a key file" : "no such file"));
                }
                files.add(file);
            }
            result = result.withAuth(a -> a.withIdentityFiles(files));
        }
        Optional<Entry> knownHosts = settings.get("userknownhostsfile");
        if (knownHosts.isPresent() && result.hostKeys().knownHosts().isEmpty()) {
            Path file = expandPath(knownHosts.get(), tokens);
            result = result.withHostKeys(k -> k.withKnownHosts(file));
        }
        Optional<Entry> strict = settings.get("stricthostkeychecking");
        if (strict.isPresent() && Set.of("accept-new", "no", "off").contains(strict.get().value().toLowerCase(Locale.ROOT))) {
            result = result.withHostKeys(k -> k.withAcceptNew(true));
        }
        result = withAgent(result, settings, tokens);
        Optional<Entry> timeout = settings.get("connecttimeout");
        if (timeout.isPresent() && result.connection().timeout().equals(SshTarget.DEFAULT_CONNECT_TIMEOUT)) {
            long seconds = Long.parseLong(timeout.get().value());
            result = result.withConnection(c -> c.withTimeout(Duration.ofSeconds(seconds)));
        }
        Optional<SshTarget> jump = result.connection().jump();
        Optional<Entry> proxyJump = settings.get("proxyjump");
        if (jump.isEmpty() && proxyJump.isPresent() && !proxyJump.get().value().equalsIgnoreCase("none")) {
            jump = Optional.of(at(proxyJump.get(), () -> SshTarget.Connection.DEFAULT.withJump(proxyJump.get().value()))
                    .jump().orElseThrow());
        }
        if (jump.isPresent()) {
            SshTarget resolved = applyToJumps(jump.get(), depth);
            result = result.withConnection(c -> c.withJump(resolved));
        }
        return result;
    }

    /** Each hop of a chain, itself looked up here; a port other than 22 in the hop counts as given. */
    private SshTarget applyToJumps(SshTarget hop, int depth) {
        SshTarget own = hop.withConnection(c -> new SshTarget.Connection(Optional.empty(), c.timeout()));
        SshTarget resolved = apply(own, hop.address().port() != SshTarget.DEFAULT_PORT, depth + 1);
        Optional<SshTarget> behind = hop.connection().jump();
        if (behind.isPresent() && resolved.connection().jump().isEmpty()) {
            SshTarget previous = applyToJumps(behind.get(), depth + 1);
            resolved = resolved.withConnection(c -> c.withJump(previous));
        }
        return resolved;
    }

    private SshTarget withAgent(SshTarget target, Settings settings, Map<Character, String> tokens) {
        SshTarget.Agent agent = target.auth().agent();
        Optional<Entry> identityAgent = settings.get("identityagent");
        if (identityAgent.isPresent()) {
            String value = identityAgent.get().value();
            if (value.equalsIgnoreCase("none")) {
                agent = SshTarget.Agent.NONE;
            } else if (!value.equals(SshAgent.SOCKET_ENV)) {
                agent = agent.withSocket(expandPath(identityAgent.get(), tokens));
            }
        }
        Optional<Entry> only = settings.get("identitiesonly");
        if (only.isPresent() && only.get().value().equalsIgnoreCase("yes")) {
            agent = agent.withIdentitiesOnly(true);
        }
        SshTarget.Agent chosen = agent;
        return target.withAuth(a -> a.withAgent(chosen));
    }

    private Map<Character, String> tokens(String alias, SshTarget target) {
        return Map.of('h', target.address().host(), 'p', Integer.toString(target.address().port()),
                'r', target.address().user().orElse(localUser), 'u', localUser, 'n', alias, 'd', home.toString());
    }

    private Path expandPath(Entry entry, Map<Character, String> tokens) {
        String text = Tokens.expand(entry, tokens);
        if (text.equals("~")) {
            return home;
        }
        if (text.startsWith("~/")) {
            return home.resolve(text.substring(2));
        }
        return Path.of(text).toAbsolutePath().normalize();
    }

    /** Runs {@code change}, naming the entry's file and line when the value it uses is refused. */
    private static <T> T at(Entry entry, Supplier<T> change) {
        try {
            return change.get();
        } catch (KbootException.InvalidInput e) {
            throw new KbootException.InvalidInput(entry.at() + ": " + e.getMessage());
        }
    }

    /** Whether {@code [ssh://][user@]host[:port]} names a port itself (then Port in the configuration does not apply). */
    public static boolean namesPort(String spec) {
        String rest = spec.strip();
        if (rest.regionMatches(true, 0, "ssh://", 0, 6)) {
            rest = rest.substring(6);
        }
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        if (rest.startsWith("[")) {
            return rest.contains("]:");
        }
        return rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':');
    }

    /** ssh_config's percent tokens, the ones kboot can fill. */
    private static final class Tokens {
        static String expand(Entry entry, Map<Character, String> values) {
            String text = entry.value();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '%') {
                    out.append(c);
                    continue;
                }
                if (i + 1 >= text.length()) {
                    throw new KbootException.InvalidInput(entry.at() + ": " + text + ": '%' at the end of the value");
                }
                char token = text.charAt(++i);
                if (token == '%') {
                    out.append('%');
                } else if (values.containsKey(token)) {
                    out.append(values.get(token));
                } else {
                    throw new KbootException.InvalidInput(entry.at() + ": " + text + ": the token %" + token
                            + " is not supported by kboot here (supported: %" + String.join(" %",
                                    values.keySet().stream().sorted().map(String::valueOf).toList())
                            + " %%)");
                }
            }
            return out.toString();
        }
    }

    /** Reads lines into entries, following Includes. */
    private static final class Reader {
        private final Path home;
        private final List<Entry> entries;

        Reader(Path home, List<Entry> entries) {
            this.home = home;
            this.entries = entries;
        }

        void read(Path file, Predicate<String> outer, int depth) {
            if (depth > MAX_INCLUDE_DEPTH) {
                throw new KbootException.InvalidInput("SSH config " + file + ": Include nested more than " + MAX_INCLUDE_DEPTH
                        + " deep (a loop?)");
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new KbootException.InvalidInput("SSH config " + file + ": cannot read it: " + e.getMessage(), e);
            }
            Predicate<String> applies = outer;
            for (int n = 0; n < lines.size(); n++) {
                Source at = new Source(file, n + 1);
                List<String> words = split(lines.get(n), at);
                if (words.isEmpty()) {
                    continue;
                }
                String keyword = words.get(0).toLowerCase(Locale.ROOT);
                List<String> args = words.subList(1, words.size());
                if (args.isEmpty()) {
                    throw new KbootException.InvalidInput(at + ": " + words.get(0) + " without a value");
                }
                switch (keyword) {
                    case "host" -> applies = hostPatterns(args);
                    case "match" -> applies = match(args, at);
                    case "include" -> {
                        for (String pattern : args) {
                            for (Path included : glob(pattern, at)) {
                                read(included, applies, depth + 1);
                            }
                        }
                    }
                    default -> {
                        check(keyword, words.get(0), args, at);
                        entries.add(new Entry(at, applies, keyword, List.copyOf(args)));
                    }
                }
            }
        }

        private static Predicate<String> hostPatterns(List<String> patterns) {
            String field = String.join(",", patterns);
            return alias -> HostPatterns.matches(field, alias);
        }

        /** Only {@code Match all} is evaluated; other criteria need what kboot does not know (exec, local user's groups). */
        private static Predicate<String> match(List<String> criteria, Source at) {
            boolean all = criteria.size() == 1 && criteria.get(0).equalsIgnoreCase("all");
            return alias -> all;
        }

        private static void check(String keyword, String spelled, List<String> args, Source at) {
            if (!SINGLE_VALUE.contains(keyword)) {
                return;
            }
            if (args.size() > 1 && !keyword.equals("userknownhostsfile")) {
                throw new KbootException.InvalidInput(at + ": " + spelled + " takes one value, got " + args.size()
                        + " (quote a value with spaces)");
            }
            String value = args.get(0);
            String lower = value.toLowerCase(Locale.ROOT);
            switch (keyword) {
                case "port" -> {
                    if (!value.matches("[0-9]{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
                        throw new KbootException.InvalidInput(at + ": Port " + value + " is not a port (expected 1-65535)");
                    }
                }
                case "stricthostkeychecking" -> {
                    if (!STRICT.contains(lower)) {
                        throw new KbootException.InvalidInput(at + ": StrictHostKeyChecking " + value
                                + " is not one of yes, no, ask, accept-new, off");
                    }
                }
                case "identitiesonly" -> {
                    if (!YES_NO.contains(lower)) {
                        throw new KbootException.InvalidInput(at + ": IdentitiesOnly " + value + " is not yes or no");
                    }
                }
                case "connecttimeout" -> {
                    if (!value.matches("[0-9]{1,6}") || Integer.parseInt(value) == 0) {
                        throw new KbootException.InvalidInput(at + ": ConnectTimeout " + value
                                + " is not a number of seconds above 0");
                    }
                }
                default -> {
                    // Checked where they are used, once tokens are expanded.
                }
            }
        }

        /** An Include names files, with globs; relative names are under ~/.ssh. None matching is no error, as for ssh. */
        private List<Path> glob(String pattern, Source at) {
            String expanded = pattern.startsWith("~/") ? home.resolve(pattern.substring(2)).toString() : pattern;
            Path path = Path.of(expanded);
            if (!path.isAbsolute()) {
                path = home.resolve(".ssh").resolve(path);
            }
            Path dir = path.getParent();
            String name = path.getFileName().toString();
            if (dir.toString().contains("*") || dir.toString().contains("?")) {
                throw new KbootException.InvalidInput(at + ": Include " + pattern + ": wildcards only in the file name are"
                        + " supported by kboot");
            }
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            List<Path> matches = new ArrayList<>();
            try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, name)) {
                found.forEach(p -> {
                    if (Files.isRegularFile(p)) {
                        matches.add(p);
                    }
                });
            } catch (IOException e) {
                throw new KbootException.InvalidInput(at + ": Include " + pattern + ": " + e.getMessage(), e);
            }
            matches.sort(null);
            return matches;
        }

        /** ssh_config's argv split: whitespace, or one '=' after the keyword; double quotes group; '#' starts a comment. */
        static List<String> split(String line, Source at) {
            List<String> words = new ArrayList<>();
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                return words;
            }
            int i = 0;
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            boolean keywordDone = false;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    int close = text.indexOf('"', i + 1);
                    if (close < 0) {
                        throw new KbootException.InvalidInput(at + ": unclosed quote: " + line.strip());
                    }
                    word.append(text, i + 1, close);
                    inWord = true;
                    i = close + 1;
                    continue;
                }
                boolean separator = Character.isWhitespace(c)
                        || (c == '=' && !keywordDone && (inWord ? words.isEmpty() : words.size() == 1));
                if (separator) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                    if (c == '=') {
                        keywordDone = true;
                    }
                    i++;
                    continue;
                }
                if (c == '#' && !inWord) {
                    break;
                }
                word.append(c);
                inWord = true;
                i++;
            }
            if (inWord) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
