package io.kboot.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * cleanup-node/network for real in a network namespace this test makes: the bridge plugin's cni0
 * with a pod's veth still attached goes; the operator's own bridge stays. Needs root and iproute2.
 */
class NetworkCleanupIT {
    @Test
    void theCniBridgeAndItsPortsGoOtherLinksStay() {
        try (NetnsHost node = NetnsHost.create("kboot-reset-net-" + ProcessHandle.current().pid())) {
            node.run(String.join("\n",
                    "ip link add cni0 type bridge && ip addr add 10.244.1.1/24 dev cni0 && ip link set cni0 up",
                    "ip link add vethpod1 type veth peer name eth0pod1 && ip link set vethpod1 master cni0",
                    "ip link add br-site type bridge && ip link add vethsite type veth peer name vethsite1",
                    "ip link set vethsite master br-site"));

            ResetFixture.Run run = ResetFixture.run(node, NetworkCleanup::run);

            String links = node.run("ip -o link show");
            assertFalse(links.contains("cni0") || links.contains("vethpod1") || links.contains("eth0pod1"), links);
            assertTrue(links.contains("br-site") && links.contains("vethsite1") && links.contains("master br-site"), links);
            assertTrue(run.out().contains("deleted the cni0 bridge and 1 interface(s) attached to it"), run.out());
            assertEquals("", run.err());

            ResetFixture.Run again = ResetFixture.run(node, NetworkCleanup::run);
            assertTrue(again.out().contains("no cni0 bridge: nothing to delete"), again.out());
        }
    }
}
