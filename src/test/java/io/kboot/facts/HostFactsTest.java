package io.kboot.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

public class HostFactsTest {
    /** What the facts script printed on a fresh Debian 12 lab VM. */
    public static final String DEBIAN_VM = """
            uid=0
            hostname=cp1
            os_id=debian
            os_version=12
            os_name=Debian GNU/Linux 12 (bookworm)
            kernel=6.1.0-27-amd64
            arch=x86_64
            init=systemd
            cgroup=2
            pkg=apt-get
            cpus=2
            memory_kb=2017000
            swap_lines=1
            product_uuid=8a2e1f3c-0000-4000-8000-000000000010
            mac=52:54:00:12:34:10
            listen=0016
            default_iface=ens3
            addr=ens3 10.77.0.10
            addr=ens3 fd77::10
            time=1795000000
            command=ip
            command=iptables
            command=mount
            command=nsenter
            command=tc
            command=touch
            command=modprobe
            command=sysctl
            command=systemctl
            cgroup_controller=cpuset
            cgroup_controller=cpu
            cgroup_controller=io
            cgroup_controller=memory
            cgroup_controller=hugetlb
            cgroup_controller=pids
            cgroup_controller=rdma
            cgroup_controller=misc
            """;

    public static HostFacts parsed(String output) {
        return HostFacts.parse(output);
    }

    public static HostFacts debianVm() {
        return parsed(DEBIAN_VM);
    }

    @Test
    void parsesTheFactsScriptsOutput() {
        HostFacts facts = debianVm();
        assertEquals(0, facts.uid());
        assertEquals("cp1", facts.hostname());
        assertEquals("debian", facts.osId());
        assertEquals("systemd", facts.initSystem());
        assertEquals(2, facts.cgroupVersion());
        assertEquals("apt-get", facts.packageManager());
        assertEquals(2, facts.cpus());
        assertEquals(1969, facts.memoryMiB());
        assertFalse(facts.swapOn());
        assertEquals(Optional.of("8a2e1f3c-0000-4000-8000-000000000010"), facts.productUuid());
        assertEquals(List.of("52:54:00:12:34:10"), facts.macAddresses());
        assertEquals(Set.of(22), facts.listeningTcpPorts());
        assertEquals(Map.of("ens3", List.of("10.77.0.10", "fd77::10")), facts.globalAddresses());
        assertEquals(Optional.of("10.77.0.10"), facts.defaultAddress());
        assertEquals(Optional.empty(), facts.processListeningOn(22));
        assertFalse(facts.kbootPrepared());
        assertEquals(Instant.ofEpochSecond(1795000000), facts.clock());
    }

    @Test
    void swapAndMissingRoutesShowUp() {
        HostFacts facts = parsed(DEBIAN_VM.replace("swap_lines=1", "swap_lines=2").replace("default_iface=ens3\n", ""));
        assertTrue(facts.swapOn());
        assertEquals(Optional.empty(), facts.defaultAddress());
    }

    @Test
    void listenersManifestsAndKbootsRecordAreParsed() {
        HostFacts facts = parsed(DEBIAN_VM + """
                listen_process=6443 kube-apiserver
                listen_process=6443 other
                listen_process=x broken
                static_pod=etcd.yaml
                kboot_prepared=1
                """);
        assertEquals(Optional.of("kube-apiserver"), facts.processListeningOn(6443), "the first listener of a port counts");
        assertEquals(Map.of(6443, "kube-apiserver"), facts.listeningProcesses());
        assertEquals(Set.of("etcd.yaml"), facts.staticPodManifests());
        assertTrue(facts.kbootPrepared());
    }
}
