package io.kboot.token;

import io.kboot.KbootException;
import io.kboot.config.Echo;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A CA public-key pin as kubeadm prints it: "sha256:" and the lowercase hex SHA-256 of the CA
 * certificate's SubjectPublicKeyInfo (kubeadm's pubkeypin package).
 */
public record CaCertHash(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public CaCertHash {
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a CA hash is 64 lowercase hex digits");
        }
    }

    /** @throws KbootException.InvalidInput naming the value and the expected form */
    public static CaCertHash parse(String text) {
        String s = text == null ? "" : text.strip();
        int colon = s.indexOf(':');
        if (colon < 0 || !s.substring(0, colon).equalsIgnoreCase("sha256")) {
            throw new KbootException.InvalidInput("invalid CA certificate hash " + Echo.quote(s)
                    + ": expected sha256:<64 hex digits> (the format kinit prints)");
        }
        String hex = s.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (!HEX.matcher(hex).matches()) {
            throw new KbootException.InvalidInput(
                    "invalid CA certificate hash " + Echo.quote(s) + ": expected 64 hex digits after sha256:, got "
                            + hex.length() + " characters");
        }
        return new CaCertHash(hex);
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
