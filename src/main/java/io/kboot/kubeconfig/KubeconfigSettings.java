package io.kboot.kubeconfig;

import io.kboot.config.IpAddresses;
import io.kboot.pki.PkiSettings;
import java.util.Objects;

/**
 * What kubeconfigs are made from.
 *
 * @param controlPlaneUrl kubeadm's GetControlPlaneEndpoint: "https://" + controlPlaneEndpoint (with
 *     the bind port if it has none), else the local endpoint
 * @param localApiUrl kubeadm's GetLocalAPIEndpoint: "https://advertiseAddress:bindPort", never
 *     127.0.0.1
 */
public record KubeconfigSettings(String clusterName, String nodeName, String controlPlaneUrl, String localApiUrl) {

    public static final int DEFAULT_BIND_PORT = 6443;

    public KubeconfigSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl");
        Objects.requireNonNull(localApiUrl, "localApiUrl");
    }

    public static KubeconfigSettings from(PkiSettings pki, int bindPort) {
        String address = IpAddresses.format(pki.node().advertiseAddress());
        String local = "https://" + (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + bindPort;
        String controlPlane = pki.cluster().controlPlaneEndpoint().map(e -> e.url(bindPort)).orElse(local);
        return new KubeconfigSettings(pki.cluster().name(), pki.node().name(), controlPlane, local);
    }
}
