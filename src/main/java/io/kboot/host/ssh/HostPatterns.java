package io.kboot.host.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host field of a known_hosts line matched as OpenSSH matches it (hostfile.c's
 * match_maybe_hashed, match.c's match_hostname): a hashed name ({@code |1|salt|hmac}) by its
 * HMAC-SHA1, otherwise a comma-separated list of patterns with {@code *} and {@code ?}, compared
 * case-insensitively with the name as known_hosts writes it ({@code host} or {@code [host]:port}).
 *
 * <p>A pattern that starts with {@code !} and matches makes the whole line not apply to the
 * host, whatever else in the list matches; a negated pattern alone matches nothing. sshj's own
 * matcher takes {@code !a} as "every host but a", and {@code *,!a} as matching {@code a}, so
 * a line meant to exclude a host would vouch for it.
 */
final class HostPatterns {
    private static final String HASH_PREFIX = "|1|";

    private HostPatterns() {}

    /** Whether the line whose host field is {@code field} applies to {@code name}. */
    static boolean matches(String field, String name) {
        String host = name.toLowerCase(Locale.ROOT);
        if (field.startsWith("|")) {
            return hashedMatches(field, host);
        }
        boolean positive = false;
        for (String pattern : field.split(",", -1)) {
            boolean negated = pattern.startsWith("!");
            String body = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
            if (wildcardMatches(body, 0, host, 0)) {
                if (negated) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, host))}; anything else hashed matches nothing. */
    private static boolean hashedMatches(String field, String host) {
        if (!field.startsWith(HASH_PREFIX)) {
            return false;
        }
        String[] parts = field.substring(HASH_PREFIX.length()).split("\\|", -1);
        if (parts.length != 2) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[0]);
            byte[] expected = Base64.getDecoder().decode(parts[1]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(host.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** match.c's match_pattern: {@code *} any run of characters, {@code ?} any one, the rest literally, the whole string. */
    private static boolean wildcardMatches(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                while (p < pattern.length() && pattern.charAt(p) == '*') {
                    p++;
                }
                if (p == pattern.length()) {
                    return true;
                }
                for (int from = t; from <= text.length(); from++) {
                    if (wildcardMatches(pattern, p, text, from)) {
                        return true;
                    }
                }
                return false;
            }
            if (t == text.length() || c != '?' && c != text.charAt(t)) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }
}
