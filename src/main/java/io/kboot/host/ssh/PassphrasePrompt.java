package io.kboot.host.ssh;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the user for the passphrase of an encrypted private key. kboot first looks at the
 * environment variable {@value SshOptions#PASSPHRASE_ENV}; the prompt is asked only when that is
 * not set, at most once per key file per run, however many hosts use the key. The CLI implements
 * it with {@code System.console().readPassword(...)}.
 */
@FunctionalInterface
public interface PassphrasePrompt {

    /** Never asks: encrypted keys without the environment variable are skipped (or refused when named). */
    PassphrasePrompt NONE = keyFile -> Optional.empty();

    /**
     * The passphrase for {@code keyFile}, or empty to give up on this key. The caller wipes the
     * returned array after use.
     */
    Optional<char[]> passphrase(Path keyFile);
}
