package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.config.IpAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPlaneSpecTest {

    @Test
    void aJoiningMemberChangesOnlyItsMemberAndEtcd() {
        ControlPlaneSpec cp1 = KubeadmGoldens.spec(KubeadmGoldens.newest());
        ControlPlaneSpec.Member member = new ControlPlaneSpec.Member("cp2", IpAddresses.parse("10.77.0.11").orElseThrow(), 6443);
        ControlPlaneSpec cp2 =
                cp1.withMember(member).withEtcd(cp1.etcd().withInitialCluster(List.of("cp1=https://10.77.0.10:2380")));
        assertEquals(member, cp2.member());
        assertEquals(List.of("cp1=https://10.77.0.10:2380"), cp2.etcd().initialCluster());
        assertEquals(cp1.etcd().imageTag(), cp2.etcd().imageTag());
        assertEquals(cp1.etcd().dataDir(), cp2.etcd().dataDir());
        assertEquals(new ControlPlaneSpec(cp1.cluster(), member, cp2.etcd(), cp1.paths(), cp1.components(), cp1.host()), cp2);
    }
}
