package io.kboot.pki;

import java.util.function.Consumer;

/**
 * Where the PKI and kubeconfig code report what they did, in kubeadm's words ("Using existing ca
 * certificate authority"). The caller adds the phase and host; messages never contain key material.
 */
public interface PkiListener {

    void info(String message);

    /** Something the user should look at; the step goes on. */
    void warn(String message);

    static PkiListener of(Consumer<String> info, Consumer<String> warn) {
        return new PkiListener() {
            @Override
            public void info(String message) {
                info.accept(message);
            }

            @Override
            public void warn(String message) {
                warn.accept(message);
            }
        };
    }

    static PkiListener silent() {
        return of(m -> {}, m -> {});
    }
}
