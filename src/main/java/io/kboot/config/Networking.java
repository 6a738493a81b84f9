package io.kboot.config;

import java.util.List;

/** The cluster's networks, as kubeadm's ClusterConfiguration.networking names them. */
public record Networking(List<Cidr> serviceSubnets, List<Cidr> podSubnets, String dnsDomain) {

    public Networking {
        serviceSubnets = List.copyOf(serviceSubnets);
        podSubnets = List.copyOf(podSubnets);
    }

    /** The cluster DNS Service's address: the tenth of the (first) service network, as kubeadm picks it. */
    public String dnsServiceIp() {
        return IpAddresses.format(serviceSubnets.get(0).address(10));
    }
}
