package io.kboot.host.ssh;

import com.hierynomus.sshj.common.KeyDecryptionFailedException;
import io.kboot.KbootException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * What to authenticate with: private keys, loaded and decrypted once per file for the whole run
 * (twenty hosts sharing one key cost one passphrase prompt), and the keys an SSH agent holds.
 * Keys named by the user must load; default keys in ~/.ssh that cannot be used (encrypted with no
 * passphrase at hand, unreadable) are skipped and mentioned if authentication fails.
 *
 * <p>The order is OpenSSH's: key files the agent also holds (found by the {@code .pub} beside
 * them, and then never decrypted here: no passphrase prompt for a key the agent has unlocked),
 * the agent's other keys (unless IdentitiesOnly), then the key files themselves.
 */
final class Identities {

    static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /** One thing offered to a server. */
    sealed interface Offer permits FileKey, AgentKey {
        AuthMethod method();
    }

    record FileKey(Path file, KeyProvider provider) implements Offer {
        @Override
        public AuthMethod method() {
            return new AuthPublickey(provider);
        }
    }

    /** @param file the identity file this key stands for, if it is one */
    record AgentKey(SshAgent agent, SshAgent.Identity identity, Optional<Path> file) implements Offer {
        @Override
        public AuthMethod method() {
            return new AgentAuth(agent, identity);
        }
    }

    /** The keys to offer a host, and what was left out with the reason. */
    record Resolved(List<Offer> offers, List<String> skipped) {
        /** Fresh methods for one authentication: sshj's methods keep state. */
        List<AuthMethod> methods() {
            return offers.stream().map(Offer::method).toList();
        }

        String describeOffered() {
            List<String> files = new ArrayList<>();
            List<String> agent = new ArrayList<>();
            for (Offer offer : offers) {
                if (offer instanceof FileKey key) {
                    files.add(key.file().toString());
                } else if (offer instanceof AgentKey key) {
                    agent.add(key.identity() + key.file().map(f -> " (" + f + ")").orElse(""));
                }
            }
            StringBuilder text = new StringBuilder(offers.isEmpty() ? "no keys" : "");
            if (!files.isEmpty()) {
                text.append("keys ").append(String.join(", ", files));
            }
            if (!agent.isEmpty()) {
                text.append(files.isEmpty() ? "" : "; ").append("agent keys ").append(String.join(", ", agent));
            }
            if (!skipped.isEmpty()) {
                text.append("; skipped ").append(String.join(", ", skipped));
            }
            return text.toString();
        }
    }

    private sealed interface Loaded permits Usable, Unusable {}

    private record Usable(FileKey key) implements Loaded {}

    private record Unusable(Path file, String why) implements Loaded {}

    /** An agent's keys as listed once for the run, or why it could not be asked. */
    private record AgentKeys(SshAgent agent, List<SshAgent.Identity> identities, Optional<String> problem) {
        Optional<SshAgent.Identity> holding(Optional<byte[]> blob) {
            return blob.flatMap(b -> identities.stream().filter(i -> i.sameKey(b)).findFirst());
        }
    }

    private final SshOptions options;
    private final Supplier<Config> config;
    private final ConcurrentMap<Path, Loaded> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<Path, AgentKeys> agents = new ConcurrentHashMap<>();

    Identities(SshOptions options, Supplier<Config> config) {
        this.options = options;
        this.config = config;
    }

    /**
     * The keys for a target.
     *
     * @throws KbootException.InvalidInput when a named key cannot be used, or there is nothing to
     *     authenticate with at all
     */
    Resolved resolve(SshTarget target) {
        Optional<AgentKeys> agent = agentFor(target.auth().agent());
        List<Offer> inAgent = new ArrayList<>();
        List<Offer> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        agent.flatMap(AgentKeys::problem).ifPresent(skipped::add);
        boolean named = !target.auth().identityFiles().isEmpty();
        List<Path> candidates = named
                ? target.auth().identityFiles().stream().map(this::expandHome).toList()
                : DEFAULT_KEYS.stream().map(options.workstation().sshDir()::resolve).filter(Files::exists).toList();
        for (Path file : candidates) {
            Optional<SshAgent.Identity> held = agent.flatMap(a -> a.holding(publicBlob(file)));
            if (held.isPresent() && Files.exists(file)) {
                inAgent.add(new AgentKey(agent.get().agent(), held.get(), Optional.of(file)));
                continue;
            }
            Loaded loaded = load(file);
            if (loaded instanceof Usable usable) {
                files.add(usable.key());
            } else if (named) {
                Unusable bad = (Unusable) loaded;
                throw new KbootException.InvalidInput("SSH key " + bad.file() + ": " + bad.why());
            } else {
                skipped.add(file + " (" + ((Unusable) loaded).why() + ")");
            }
        }
        List<Offer> offers = new ArrayList<>(inAgent);
        if (agent.isPresent() && !target.auth().agent().identitiesOnly()) {
            for (SshAgent.Identity identity : agent.get().identities()) {
                boolean offered = inAgent.stream().anyMatch(o -> ((AgentKey) o).identity().equals(identity));
                if (offered) {
                    continue;
                }
                if (AgentAuth.usable(identity)) {
                    offers.add(new AgentKey(agent.get().agent(), identity, Optional.empty()));
                } else {
                    skipped.add("agent key " + identity + " (a key type sshj cannot use)");
                }
            }
        }
        offers.addAll(files);
        if (offers.isEmpty() && target.auth().password().isEmpty()) {
            throw new KbootException.InvalidInput("no SSH key to log in to " + target.name() + " with: "
                    + (skipped.isEmpty() && !named
                            ? "none of " + String.join(", ", DEFAULT_KEYS) + " is in " + options.workstation().sshDir()
                                    + " and no SSH agent holds a key"
                            : "skipped " + String.join(", ", skipped))
                    + "; pass --ssh-key or add a key to ssh-agent");
        }
        return new Resolved(List.copyOf(offers), List.copyOf(skipped));
    }

    /** The agent of the target's IdentityAgent, else of SSH_AUTH_SOCK; none when neither names one. */
    private Optional<AgentKeys> agentFor(SshTarget.Agent choice) {
        if (!choice.enabled()) {
            return Optional.empty();
        }
        Optional<Path> socket = choice.socket().map(this::expandHome)
                .or(() -> Optional.ofNullable(options.workstation().env().get(SshAgent.SOCKET_ENV))
                        .filter(s -> !s.isBlank()).map(Path::of));
        return socket.map(path -> agents.computeIfAbsent(path, this::listAgent));
    }

    /** An agent that cannot be asked is not an error, as for OpenSSH: its keys are just not offered. */
    private AgentKeys listAgent(Path socket) {
        SshAgent agent = new SshAgent(socket);
        try {
            return new AgentKeys(agent, agent.identities(), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return new AgentKeys(agent, List.of(), Optional.of("the SSH agent at " + socket + " (" + SshErrors.oneLine(e) + ")"));
        }
    }

    /** The public key blob of {@code file.pub}, which lets an agent's key stand in for the file. */
    private static Optional<byte[]> publicBlob(Path file) {
        Path pub = file.resolveSibling(file.getFileName() + ".pub");
        try {
            String[] fields = Files.readString(pub).strip().split("\\s+");
            return fields.length >= 2 ? Optional.of(Base64.getDecoder().decode(fields[1])) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Path expandHome(Path file) {
        String text = file.toString();
        if (text.equals("~")) {
            return options.workstation().userHome();
        }
        if (text.startsWith("~/")) {
            return options.workstation().userHome().resolve(text.substring(2));
        }
        return file.toAbsolutePath();
    }

    private Loaded load(Path file) {
        return cache.computeIfAbsent(file.toAbsolutePath().normalize(), this::read);
    }

    private Loaded read(Path file) {
        if (!Files.exists(file)) {
            return new Unusable(file, "no such file");
        }
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            return new Unusable(file, "cannot read it");
        }
        KeyFormat format;
        try {
            format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
        } catch (IOException e) {
            return new Unusable(file, "cannot read it: " + e.getMessage());
        }
        FileKeyProvider provider = format == KeyFormat.Unknown
                ? null
                : Factory.Named.Util.create(config.get().getFileKeyProviderFactories(), format.toString());
        if (provider == null) {
            return new Unusable(file, "not a private key in OpenSSH, PEM, PKCS#8 or PuTTY format");
        }
        Passphrases passphrases = new Passphrases(file);
        provider.init(file.toFile(), passphrases);
        try {
            PrivateKey privateKey = provider.getPrivate();
            PublicKey publicKey = provider.getPublic();
            return new Usable(new FileKey(file, new KeyPairWrapper(publicKey, privateKey)));
        } catch (KeyDecryptionFailedException e) {
            return new Unusable(file, passphrases.describeFailure());
        } catch (IOException | RuntimeException e) {
            if (passphrases.asked()) {
                return new Unusable(file, passphrases.describeFailure());
            }
            return new Unusable(file, "cannot read the key: " + SshErrors.oneLine(e));
        } finally {
            passphrases.wipe();
        }
    }

    /** Hands sshj the passphrase: from the environment, else from the prompt, at most three tries. */
    private final class Passphrases implements PasswordFinder {
        private final Path file;
        private final List<char[]> given = new ArrayList<>();
        private boolean fromEnv;
        private boolean gaveUp;
        private int asked;

        Passphrases(Path file) {
            this.file = file;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            asked++;
            String env = options.workstation().env().get(SshOptions.PASSPHRASE_ENV);
            if (env != null) {
                fromEnv = true;
                return keep(env.toCharArray());
            }
            Optional<char[]> typed = options.workstation().passphrasePrompt().passphrase(file);
            if (typed.isEmpty()) {
                gaveUp = true;
                return null;
            }
            return keep(typed.get());
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return !fromEnv && !gaveUp && asked < 3;
        }

        boolean asked() {
            return asked > 0;
        }

        String describeFailure() {
            if (gaveUp || asked == 0) {
                return "the key is encrypted and no passphrase was given; set " + SshOptions.PASSPHRASE_ENV
                        + " or run in a terminal to be asked";
            }
            return fromEnv ? "wrong passphrase in " + SshOptions.PASSPHRASE_ENV : "wrong passphrase";
        }

        private char[] keep(char[] passphrase) {
            given.add(passphrase);
            return passphrase;
        }

        void wipe() {
            given.forEach(p -> Arrays.fill(p, '\0'));
        }
    }
}
