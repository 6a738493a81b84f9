package io.kboot.pki;

import io.kboot.KbootException;
import java.security.KeyPair;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Keys generated ahead of use. A workflow that makes its certificates one phase at a time would
 * otherwise generate one RSA key at a time; started early, the keys of every planned phase are
 * made on all CPUs while the first ones are being signed and written.
 *
 * <p>Threads are daemons: keys asked for and never used do not keep the JVM alive.
 */
final class KeyPool {
    private final Map<EncryptionAlgorithm, Deque<Future<KeyPair>>> pending = new EnumMap<>(EncryptionAlgorithm.class);
    private ExecutorService executor;

    /** Starts generating {@code count} keys in the background. */
    synchronized void prefetch(EncryptionAlgorithm algorithm, int count) {
        if (count <= 0) {
            return;
        }
        if (executor == null) {
            executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), runnable -> {
                Thread t = new Thread(runnable, "kboot-keygen");
                t.setDaemon(true);
                return t;
            });
        }
        Deque<Future<KeyPair>> queue = pending.computeIfAbsent(algorithm, a -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(executor.submit(() -> Keys.generate(algorithm)));
        }
    }

    /** {@code count} keys: prefetched ones first, the rest generated now, in parallel. */
    List<KeyPair> take(EncryptionAlgorithm algorithm, int count) {
        List<Future<KeyPair>> ready = new ArrayList<>();
        synchronized (this) {
            Deque<Future<KeyPair>> queue = pending.getOrDefault(algorithm, new ArrayDeque<>());
            while (ready.size() < count && !queue.isEmpty()) {
                ready.add(queue.poll());
            }
        }
        List<KeyPair> keys = new ArrayList<>();
        List<EncryptionAlgorithm> rest = new ArrayList<>();
        for (int i = ready.size(); i < count; i++) {
            rest.add(algorithm);
        }
        // The missing ones are generated while the prefetched ones finish.
        List<KeyPair> generated = rest.isEmpty() ? List.of() : Keys.generate(rest);
        for (Future<KeyPair> future : ready) {
            keys.add(get(future));
        }
        keys.addAll(generated);
        return keys;
    }

    private static KeyPair get(Future<KeyPair> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while generating keys", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
