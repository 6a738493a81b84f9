package io.kboot.init;

import io.kboot.token.BootstrapToken;
import io.kboot.token.CaCertHash;
import io.kboot.token.CertificateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code show-join-command} prints at the end of kinit master, as kubeadm does: where the admin
 * kubeconfig is, and the kjoin commands for workers and, with --upload-certs, control planes. The
 * lines carry the token and the certificate key: they go out only as a secret result.
 *
 * @param endpoint host:port of the control-plane endpoint
 */
record JoinCommand(String adminKubeconfig, String hostName, String endpoint, CaCertHash pin, List<BootstrapToken> tokens,
        Optional<CertificateKey> certificateKey) {

    static final String TITLE = "Your Kubernetes control plane has initialized successfully!";

    JoinCommand {
        tokens = List.copyOf(tokens);
    }

    /** Whether the lines hold a secret (a token, perhaps a certificate key). */
    boolean secret() {
        return !tokens.isEmpty();
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("The admin kubeconfig is " + adminKubeconfig + " on " + hostName + ".");
        lines.add("");
        if (tokens.isEmpty()) {
            lines.add("No token was created in this run; make one with: kboot token create --print-join-command");
            return lines;
        }
        String join = "kjoin " + endpoint + " --token " + tokens.get(0).reveal() + " --discovery-token-ca-cert-hash " + pin;
        lines.add("Join worker nodes (run for each, add --host user@node to do it over SSH):");
        lines.add("");
        lines.add("  " + join);
        certificateKey.ifPresent(key -> {
            lines.add("");
            lines.add("Join further control-plane nodes (the certificates are deleted in two hours):");
            lines.add("");
            lines.add("  " + join + " --control-plane --certificate-key " + key.reveal());
        });
        return lines;
    }
}
