package io.kboot.host.ssh;

import java.io.IOException;

/** Best-effort clean-up: closing what may already be closed, removing what may not exist. */
final class Quietly {
    private Quietly() {}

    interface Action {
        void run() throws IOException;
    }

    /**
     * Runs {@code action} and ignores its failure: the connection may be gone, and a failure the
     * caller already has is the one the user needs to see.
     */
    static void run(Action action) {
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            // Nothing left to do: see above.
        }
    }
}
