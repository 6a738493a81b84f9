package io.kboot.config;

import java.util.Optional;

/**
 * Where the cluster's images come from, as kubeadm's images.go picks them: every image from the
 * cluster's imageRepository, except that etcd and CoreDNS may have their own repository and tag
 * (etcd.local and dns in the ClusterConfiguration); the tags kboot pins per release apply otherwise.
 */
public record Images(String repository, Optional<String> etcdRepository, Optional<String> etcdTag,
        Optional<String> dnsRepository, Optional<String> dnsTag) {

    /** Only the cluster's repository, no override. */
    public static Images of(String repository) {
        return new Images(repository, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Images from(Optional<Kubeadm.ClusterConfiguration> cluster) {
        Optional<Kubeadm.LocalEtcd> etcd = cluster.map(Kubeadm.ClusterConfiguration::etcd).map(Kubeadm.Etcd::local);
        Optional<Kubeadm.DNS> dns = cluster.map(Kubeadm.ClusterConfiguration::dns);
        return new Images(cluster.map(Kubeadm.ClusterConfiguration::imageRepository).orElse(Defaults.IMAGE_REPOSITORY),
                etcd.map(Kubeadm.LocalEtcd::imageRepository).filter(s -> !s.isEmpty()),
                etcd.map(Kubeadm.LocalEtcd::imageTag).filter(s -> !s.isEmpty()),
                dns.map(Kubeadm.DNS::imageRepository).filter(s -> !s.isEmpty()),
                dns.map(Kubeadm.DNS::imageTag).filter(s -> !s.isEmpty()));
    }

    /** kubeadm's GetEtcdImage's repository: etcd.local.imageRepository, else the cluster's. */
    public String etcdImageRepository() {
        return etcdRepository.orElse(repository);
    }

    /** kubeadm's GetEtcdImageTag: etcd.local.imageTag, else the tag the release pins. */
    public String etcdImageTag(String pinned) {
        return etcdTag.orElse(pinned);
    }

    /**
     * kubeadm's GetDNSImage: dns.imageRepository, else the cluster's; registry.k8s.io keeps CoreDNS
     * one level deeper (registry.k8s.io/coredns/coredns), any other repository has REPO/coredns.
     *
     * @param pinned the CoreDNS tag of the release, used unless dns.imageTag is given
     */
    public String coreDns(String pinned) {
        String repo = dnsRepository.orElse(repository);
        if (repo.equals(Defaults.IMAGE_REPOSITORY)) {
            repo = repo + "/coredns";
        }
        return repo + "/coredns:" + dnsTag.orElse(pinned);
    }
}
