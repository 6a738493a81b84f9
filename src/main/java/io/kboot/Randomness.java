package io.kboot;

import java.security.SecureRandom;

/**
 * The one source of randomness in a run: bootstrap tokens, the certificate key and its nonces,
 * private keys, certificate serials, TLS, temporary file names. A run is one process, so one
 * strong instance, made on first use and shared by every thread (SecureRandom is thread-safe).
 *
 * <p>What a test may want to repeat takes a SecureRandom as a parameter ({@code BootstrapToken.generate},
 * {@code CertificateKey.generate}, {@code CertificateKey.encrypt}); the edge passes {@link #strong()}
 * and a test its own, seeded one. Nothing here can be changed: no test swaps the source under a run.
 */
public final class Randomness {
    private static final SecureRandom STRONG = new SecureRandom();

    private Randomness() {}

    public static SecureRandom strong() {
        return STRONG;
    }
}
