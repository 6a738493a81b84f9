package io.kboot.config;

import java.util.List;

/** Extra subject alternative names: apiServer.certSANs, etcd.local.serverCertSANs and etcd.local.peerCertSANs. */
public record CertSans(List<String> apiServer, List<String> etcdServer, List<String> etcdPeer) {

    public static final CertSans NONE = new CertSans(List.of(), List.of(), List.of());

    public CertSans {
        apiServer = List.copyOf(apiServer);
        etcdServer = List.copyOf(etcdServer);
        etcdPeer = List.copyOf(etcdPeer);
    }
}
