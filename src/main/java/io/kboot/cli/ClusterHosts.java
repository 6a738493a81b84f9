package io.kboot.cli;

import io.kboot.apply.HostSpec;
import io.kboot.host.Host;
import io.kboot.host.ssh.SshConnector;
import io.kboot.host.ssh.SshOptions;
import io.kboot.host.ssh.SshTarget;
import java.util.List;
import java.util.Optional;

/**
 * Opens the hosts of a cluster file over SSH, in parallel, for kboot apply and kboot reset -f.
 * {@code --accept-new-host-key} adds trust on first use; it cannot take away the SSH config's.
 */
final class ClusterHosts {
    private ClusterHosts() {}

    static List<Host> connect(List<HostSpec> hosts, boolean acceptNewHostKey) {
        List<SshTarget> targets = hosts.stream()
                .map(h -> h.target().withHostKeys(k -> k.withAcceptNew(acceptNewHostKey || k.acceptNew())))
                .toList();
        SshOptions ssh = SshOptions.defaults().withWorkstation(w -> w.withPassphrasePrompt(
                key -> Optional.ofNullable(System.console()).map(console -> console.readPassword("Passphrase for %s: ", key))));
        return new SshConnector(ssh).connectAll(targets);
    }
}
