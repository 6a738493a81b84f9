package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.Randomness;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Key pairs from the JDK's providers. RSA prime search dominates the time of a whole PKI (the
 * JDK's is about twice as fast as BouncyCastle's), so a batch of keys is made in parallel.
 */
final class Keys {

    private Keys() {}

    static KeyPair generate(EncryptionAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyAlgorithm());
            SecureRandom random = Randomness.strong();
            if (algorithm.isRsa()) {
                generator.initialize(new RSAKeyGenParameterSpec(algorithm.bits(), RSAKeyGenParameterSpec.F4), random);
            } else {
                generator.initialize(new ECGenParameterSpec("secp" + algorithm.bits() + "r1"), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + algorithm + " keys", e);
        }
    }

    /** One key per entry, in the same order, generated on as many threads as there are CPUs. */
    static List<KeyPair> generate(List<EncryptionAlgorithm> algorithms) {
        if (algorithms.size() <= 1) {
            return algorithms.stream().map(Keys::generate).toList();
        }
        int threads = Math.min(algorithms.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "kboot-keygen");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<KeyPair>> futures = new ArrayList<>();
            for (EncryptionAlgorithm algorithm : algorithms) {
                futures.add(pool.submit(() -> generate(algorithm)));
            }
            List<KeyPair> keys = new ArrayList<>();
            for (Future<KeyPair> future : futures) {
                keys.add(future.get());
            }
            return keys;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while generating keys", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Whether two public keys are the same key, whatever their encoding. */
    static boolean same(PublicKey a, PublicKey b) {
        if (a instanceof RSAPublicKey ra && b instanceof RSAPublicKey rb) {
            return ra.getModulus().equals(rb.getModulus()) && ra.getPublicExponent().equals(rb.getPublicExponent());
        }
        if (a instanceof ECPublicKey ea && b instanceof ECPublicKey eb) {
            return ea.getW().equals(eb.getW())
                    && ea.getParams().getCurve().equals(eb.getParams().getCurve());
        }
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }
}
