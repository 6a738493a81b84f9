package io.kboot.node;

import io.kboot.api.HealthCheck;
import io.kboot.config.IpAddresses;
import io.kboot.host.Host;
import io.kboot.pki.ClientTls;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * kubeadm's wait-control-plane: the kubelet's health, then the static Pods' (the API server's
 * /livez checked against the cluster CA at the advertise address, the controller manager's and
 * scheduler's self-signed endpoints), then the API server's /readyz. A joining control plane waits
 * only for its API server to be ready.
 */
public record ControlPlaneHealth(Host host, InetAddress advertiseAddress, int bindPort, String caPem, Consumer<String> progress) {

    /** kinit master's wait: kubelet, then every component, then readiness. */
    public void awaitFirstControlPlane(Duration kubeletTimeout, Duration componentsTimeout, String manifests) {
        progress.accept(
                "Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz (up to " + kubeletTimeout.toSeconds() + "s)");
        HealthCheck.await(host, List.of(HealthCheck.KUBELET), kubeletTimeout, progress);
        SSLContext selfSigned = ClientTls.insecure();
        progress.accept("Waiting for healthy control plane components (up to " + componentsTimeout.toSeconds()
                + "s); the kubelet is starting them as static Pods from " + manifests);
        HealthCheck.await(host, List.of(apiServer("kube-apiserver", "/livez"),
                new HealthCheck.Endpoint("kube-controller-manager", "https", "127.0.0.1", 10257, "/healthz", selfSigned),
                new HealthCheck.Endpoint("kube-scheduler", "https", "127.0.0.1", 10259, "/livez", selfSigned)),
                componentsTimeout, progress);
        awaitApiServerReady(componentsTimeout);
    }

    /** The API server's /readyz at this node's advertise address. */
    public void awaitApiServerReady(Duration timeout) {
        HealthCheck.await(host, List.of(apiServer("kube-apiserver (ready)", "/readyz")), timeout, progress);
    }

    private HealthCheck.Endpoint apiServer(String name, String path) {
        String address = IpAddresses.format(advertiseAddress);
        return new HealthCheck.Endpoint(name, "https", address, bindPort, path, ClientTls.trusting(caPem, address));
    }
}
