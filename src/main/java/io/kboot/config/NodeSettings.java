package io.kboot.config;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The node being made or joined, as kubeadm's nodeRegistration and localAPIEndpoint name it. The
 * name and the advertise address stay empty until the run asks the host (its hostname, the address
 * of its default route).
 */
public record NodeSettings(Optional<String> name, String criSocket, Optional<InetAddress> advertiseAddress, int bindPort) {

    /** Values given on the command line; empty means "not given". */
    public static final class Flags {
        public Optional<String> name = Optional.empty();
        public Optional<String> criSocket = Optional.empty();
        public Optional<InetAddress> advertiseAddress = Optional.empty();
        public Optional<Integer> bindPort = Optional.empty();
    }

    /** Defaults, then the document's nodeRegistration and API endpoint, then flags. */
    static NodeSettings from(Flags flags, Optional<Kubeadm.NodeRegistration> registration,
            Optional<Kubeadm.APIEndpoint> endpoint) {
        return new NodeSettings(
                flags.name.or(() -> registration.map(Kubeadm.NodeRegistration::name)),
                flags.criSocket.or(() -> registration.map(Kubeadm.NodeRegistration::criSocket)).orElse(Defaults.CRI_SOCKET),
                flags.advertiseAddress.or(() -> endpoint.map(Kubeadm.APIEndpoint::advertiseAddress).flatMap(IpAddresses::parse)),
                flags.bindPort.or(() -> endpoint.map(Kubeadm.APIEndpoint::bindPort)).orElse(Defaults.API_BIND_PORT));
    }
}
