package io.kboot.drain;

import java.time.Duration;

/**
 * How a node is drained before it is upgraded or reset (kubectl drain's flags that matter here;
 * {@code --ignore-daemonsets} is always on).
 *
 * @param enabled            false for {@code --no-drain}: the node is neither cordoned nor drained
 * @param timeout            the bound of the whole drain: evictions a PodDisruptionBudget refuses are retried
 *                           until it, and the evicted pods must be gone within it
 * @param deleteEmptyDirData also evict pods with emptyDir volumes, whose data is lost
 * @param forceDrain         also evict pods no controller manages (kubectl drain's {@code --force}), which nothing
 *                           recreates
 */
public record DrainOptions(boolean enabled, Duration timeout, boolean deleteEmptyDirData, boolean forceDrain) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public DrainOptions {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a drain timeout must be longer than 0s, not " + timeout);
        }
    }

    /** Drain, 5 minutes, neither emptyDir data nor unmanaged pods deleted. */
    public static DrainOptions defaults() {
        return new DrainOptions(true, DEFAULT_TIMEOUT, false, false);
    }
}
