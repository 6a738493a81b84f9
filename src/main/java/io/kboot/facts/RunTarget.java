package io.kboot.facts;

import io.kboot.KbootException;
import io.kboot.config.IpAddresses;
import io.kboot.host.Host;
import io.kboot.report.Reporter;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The host a run works on, where its messages go, and what is known about it: what every
 * workflow's context holds for one node. Messages are said in the host's name; facts are gathered
 * once, on first use (or handed over by a stage that gathered them already).
 */
public record RunTarget(Host host, Reporter reporter, LazyFacts lazyFacts) {

    public static RunTarget of(Host host, Reporter reporter) {
        return new RunTarget(host, reporter, new LazyFacts(host));
    }

    /** The host's name as the user gave it, which every message carries. */
    public String name() {
        return host.name();
    }

    public HostFacts facts() {
        return lazyFacts.get();
    }

    public void info(String message) {
        reporter.info(host.name(), message);
    }

    public void warn(String message) {
        reporter.warn(host.name(), message);
    }

    public void detail(String message) {
        reporter.detail(host.name(), message);
    }

    /** The node name: as configured, else the host's hostname in lowercase (kubeadm's default). */
    public String nodeName(Optional<String> configured) {
        return lazyFacts.nodeName(configured);
    }

    /** The advertise address: as configured, else the address of the host's default route. */
    public InetAddress advertiseAddress(Optional<InetAddress> configured) {
        return configured.orElseGet(() -> facts().defaultAddress().flatMap(IpAddresses::parse)
                .orElseThrow(() -> new KbootException.InvalidInput(host.name()
                        + ": cannot choose an advertise address: the host has no default route with an IPv4 address;"
                        + " pass --advertise-address")));
    }
}
