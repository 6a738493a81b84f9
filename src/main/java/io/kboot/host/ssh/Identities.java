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
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Private keys, loaded and decrypted once per file for the whole run: twenty hosts sharing one
 * key cost one passphrase prompt. Keys named by the user must load; default keys in ~/.ssh that
 * cannot be used (encrypted with no passphrase at hand, unreadable) are skipped and mentioned if
 * authentication fails.
 */
final class Identities {

    static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /** The keys to offer a host, and the default keys left out with the reason. */
    record Resolved(List<Key> keys, List<String> skipped) {
        String describeOffered() {
            StringBuilder text = new StringBuilder();
            text.append(keys.isEmpty() ? "no keys"
                    : "keys " + String.join(", ", keys.stream().map(k -> k.file().toString()).toList()));
            if (!skipped.isEmpty()) {
                text.append("; skipped ").append(String.join(", ", skipped));
            }
            return text.toString();
        }
    }

    record Key(Path file, KeyProvider provider) {}

    private sealed interface Loaded permits Usable, Unusable {}

    private record Usable(Key key) implements Loaded {}

    private record Unusable(Path file, String why) implements Loaded {}

    private final SshOptions options;
    private final Supplier<Config> config;
    private final ConcurrentMap<Path, Loaded> cache = new ConcurrentHashMap<>();

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
        List<Key> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (!target.auth().identityFiles().isEmpty()) {
            for (Path named : target.auth().identityFiles()) {
                Loaded loaded = load(expandHome(named));
                if (loaded instanceof Unusable bad) {
                    throw new KbootException.InvalidInput("SSH key " + bad.file() + ": " + bad.why());
                }
                keys.add(((Usable) loaded).key());
            }
        } else {
            for (String name : DEFAULT_KEYS) {
                Path file = options.workstation().sshDir().resolve(name);
                if (!Files.exists(file)) {
                    continue;
                }
                Loaded loaded = load(file);
                if (loaded instanceof Usable usable) {
                    keys.add(usable.key());
                } else {
                    skipped.add(file + " (" + ((Unusable) loaded).why() + ")");
                }
            }
            if (keys.isEmpty() && target.auth().password().isEmpty()) {
                throw new KbootException.InvalidInput("no SSH key to log in to " + target.name() + " with: "
                        + (skipped.isEmpty()
                                ? "none of " + String.join(", ", DEFAULT_KEYS) + " is in " + options.workstation().sshDir()
                                : "skipped " + String.join(", ", skipped))
                        + "; pass --ssh-key");
            }
        }
        return new Resolved(List.copyOf(keys), List.copyOf(skipped));
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
            return new Usable(new Key(file, new KeyPairWrapper(publicKey, privateKey)));
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
