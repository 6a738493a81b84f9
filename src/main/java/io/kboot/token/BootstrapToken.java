package io.kboot.token;

import io.kboot.KbootException;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bootstrap token, "abcdef.0123456789abcdef" (cluster-bootstrap's format). The secret half never
 * appears in {@link #toString()}: logs and errors show the id only.
 */
public record BootstrapToken(String id, String secret) {
    private static final Pattern FORMAT = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    public BootstrapToken {
        if (!FORMAT.matcher(id + "." + secret).matches()) {
            throw new IllegalArgumentException("malformed bootstrap token");
        }
    }

    /**
     * Parses a token; the error repeats the value only when it cannot be a secret (wrong shape).
     *
     * @throws KbootException.InvalidInput if it does not match [a-z0-9]{6}.[a-z0-9]{16}
     */
    public static BootstrapToken parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new KbootException.InvalidInput("invalid bootstrap token (" + (text == null ? 0 : text.length())
                    + " characters): expected the form [a-z0-9]{6}.[a-z0-9]{16}, e.g. abcdef.0123456789abcdef");
        }
        return new BootstrapToken(m.group(1), m.group(2));
    }

    /** A new random token, each character uniform over [a-z0-9] as kubeadm does. */
    public static BootstrapToken generate(SecureRandom random) {
        return new BootstrapToken(randomString(random, 6), randomString(random, 16));
    }

    private static String randomString(SecureRandom random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** The full "id.secret" form, for the join command and the Authorization header only. */
    public String reveal() {
        return id + "." + secret;
    }

    @Override
    public String toString() {
        return id + ".<redacted>";
    }
}
