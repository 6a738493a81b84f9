package io.kboot.reset;

import io.kboot.host.Command;
import io.kboot.host.ExecResult;
import io.kboot.host.ForwardingHost;
import io.kboot.host.LocalHost;
import io.kboot.host.Shell;

/**
 * This machine, with every command run inside a network namespace the test made: what a node's
 * network looks like to kboot's scripts, without touching this machine's own rules or links.
 * Files are this machine's.
 */
final class NetnsHost extends ForwardingHost {
    private final String namespace;

    NetnsHost(String namespace) {
        super(new LocalHost("netns"));
        this.namespace = namespace;
    }

    /** Creates the namespace; {@link #close} deletes it. */
    static NetnsHost create(String namespace) {
        ExecResult added = new LocalHost().exec(Command.change("ip netns add " + Shell.quote(namespace)));
        if (!added.ok()) {
            throw new IllegalStateException(
                    "ip netns add " + namespace + " failed (the test needs root and iproute2): " + added.stderr());
        }
        return new NetnsHost(namespace);
    }

    @Override
    public String name() {
        return "netns " + namespace;
    }

    @Override
    public ExecResult exec(Command command) {
        return delegate.exec(new Command("ip netns exec " + Shell.quote(namespace) + " sh -c " + Shell.quote(command.script()),
                command.mutating(), command.timeout()));
    }

    /** Runs a script in the namespace and fails the test if it fails. */
    String run(String script) {
        ExecResult result = exec(Command.change(script));
        if (!result.ok()) {
            throw new AssertionError("in " + namespace + ": " + script + "\nexit " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout();
    }

    @Override
    public void close() {
        new LocalHost().exec(Command.change("ip netns delete " + Shell.quote(namespace)));
    }
}
