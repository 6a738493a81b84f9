package io.kboot.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The iptables cleanup for real, in a network namespace this test makes: kube-proxy's, the
 * kubelet's and the CNI plugins' chains with the jumps to them, in filter, nat and mangle, for
 * iptables and ip6tables, in the nf_tables backend and the legacy one at once (a node whose
 * kube-proxy image chose the other backend has both), beside the operator's own firewall: a
 * user chain, an SSH ACCEPT, a DROP policy, a MASQUERADE. After the cleanup, each ruleset must be
 * exactly what it was minus the Kubernetes chains and the rules that jump to them.
 * Needs root, iproute2 and the iptables package (scripts/test installs them).
 */
class IptablesCleanupIT {
    private static final List<String> SAVES = List.of("iptables-nft-save", "ip6tables-nft-save", "iptables-legacy-save",
            "ip6tables-legacy-save");
    /** A line a Kubernetes chain owns: its declaration, its rules, or a jump to it from elsewhere. */
    private static final Pattern KUBERNETES_LINE = Pattern.compile(
            "^:(KUBE|CNI)-.*|^-A (KUBE|CNI)-.*|^-A \\S+ .*-[jg] (KUBE|CNI)-\\S*( .*)?$");

    private NetnsHost node;

    @BeforeEach
    void namespace() {
        node = NetnsHost.create("kboot-reset-it-" + ProcessHandle.current().pid());
    }

    @AfterEach
    void deleteNamespace() {
        node.close();
    }

    /** A worker's rules as kube-proxy (iptables mode), the kubelet and the bridge/portmap plugins leave them. */
    private void kubernetesAndOperatorRules(String iptables, String ip6tables) {
        node.run(String.join("\n",
                // The operator's firewall: what keeps the SSH session open.
                iptables + " -A INPUT -p tcp --dport 22 -j ACCEPT",
                iptables + " -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                iptables + " -N USER-CHAIN",
                iptables + " -A USER-CHAIN -s 10.0.0.0/8 -m comment --comment \"not a jump: -j KUBE-SERVICES\" -j ACCEPT",
                iptables + " -A INPUT -j USER-CHAIN",
                iptables + " -P INPUT DROP",
                iptables + " -t nat -A POSTROUTING -o eth0 -j MASQUERADE",
                // kube-proxy and the kubelet.
                iptables + " -N KUBE-FIREWALL",
                iptables + " -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -j DROP",
                iptables + " -A INPUT -j KUBE-FIREWALL",
                iptables + " -A OUTPUT -j KUBE-FIREWALL",
                iptables + " -N KUBE-SERVICES",
                iptables + " -A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j"
                        + " KUBE-SERVICES",
                iptables + " -A USER-CHAIN -g KUBE-SERVICES",
                iptables + " -N KUBE-FORWARD",
                iptables + " -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
                iptables + " -A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
                iptables + " -t nat -N KUBE-SERVICES",
                iptables + " -t nat -N KUBE-POSTROUTING",
                iptables + " -t nat -N KUBE-MARK-MASQ",
                iptables + " -t nat -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
                iptables + " -t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
                iptables + " -t nat -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp --dport 443 -j KUBE-MARK-MASQ",
                iptables + " -t nat -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                iptables + " -t nat -A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                iptables + " -t nat -A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
                iptables + " -t mangle -N KUBE-KUBELET-CANARY",
                // The bridge plugin's ipMasq chain and portmap's.
                iptables + " -t nat -N CNI-5d1b9a0c7e3f24b8a6d90e1f",
                iptables + " -t nat -A CNI-5d1b9a0c7e3f24b8a6d90e1f -d 10.244.1.0/24 -j ACCEPT",
                iptables + " -t nat -A CNI-5d1b9a0c7e3f24b8a6d90e1f ! -d 224.0.0.0/4 -j MASQUERADE",
                iptables + " -t nat -A POSTROUTING -s 10.244.1.7/32 -m comment --comment 'name: \"kboot\" id: \"7f3a\"'"
                        + " -j CNI-5d1b9a0c7e3f24b8a6d90e1f",
                iptables + " -t nat -N CNI-HOSTPORT-DNAT",
                iptables + " -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
                // ip6tables: the operator's SSH rule and policy, the kubelet's firewall chain.
                ip6tables + " -A INPUT -p tcp --dport 22 -j ACCEPT",
                ip6tables + " -P INPUT DROP",
                ip6tables + " -N KUBE-FIREWALL",
                ip6tables + " -A INPUT -j KUBE-FIREWALL",
                ip6tables + " -t nat -N KUBE-POSTROUTING",
                ip6tables + " -t nat -A POSTROUTING -j KUBE-POSTROUTING"));
    }

    /** Every ruleset of the namespace, per save command, without the dated comment lines. */
    private String rulesets() {
        StringBuilder all = new StringBuilder();
        for (String save : SAVES) {
            all.append("## ").append(save).append('\n');
            Arrays.stream(node.run(save).split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank())
                    .forEach(l -> all.append(l).append('\n'));
        }
        return all.toString();
    }

    /** The rulesets minus every line a Kubernetes chain owns; a comment's text ("...") is not a jump. */
    private static String withoutKubernetes(String rulesets) {
        return Arrays.stream(rulesets.split("\n"))
                .filter(l -> !KUBERNETES_LINE.matcher(l.replaceAll("\"[^\"]*\"", "\"\"")).matches())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void onlyKubernetesChainsAndTheJumpsToThemGoInEveryTableFamilyAndBackend() {
        kubernetesAndOperatorRules("iptables-nft", "ip6tables-nft");
        kubernetesAndOperatorRules("iptables-legacy", "ip6tables-legacy");
        String before = rulesets();
        assertTrue(before.contains(":KUBE-KUBELET-CANARY") && before.contains("-j CNI-HOSTPORT-DNAT"), before);
        assertEquals(2, before.split(":CNI-5d1b9a0c7e3f24b8a6d90e1f", -1).length - 1, "both backends hold the rules: " + before);

        ResetFixture.Run run = ResetFixture.run(node, IptablesCleanup::run);

        String after = rulesets();
        assertEquals(withoutKubernetes(before), after, "exactly the Kubernetes chains and the jumps to them are gone");
        assertFalse(after.contains("KUBE-SERVICES\n") || after.contains(":KUBE-") || after.contains(":CNI-"), after);
        for (String kept : List.of(":INPUT DROP", "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT", ":USER-CHAIN - [0:0]",
                "-A USER-CHAIN -s 10.0.0.0/8 -m comment --comment \"not a jump: -j KUBE-SERVICES\" -j ACCEPT",
                "-A INPUT -j USER-CHAIN", "-A POSTROUTING -o eth0 -j MASQUERADE")) {
            assertTrue(after.contains(kept), kept + " must survive:\n" + after);
        }
        assertTrue(run.out().contains("iptables-nft (nft): 9 chain(s), 10 jump(s) in mangle,filter,nat"), run.out());
        assertTrue(run.out().contains("ip6tables-legacy (legacy): 2 chain(s), 2 jump(s) in nat,filter"), run.out());
        assertEquals("", run.err());

        // A second reset finds nothing and changes nothing.
        ResetFixture.Run again = ResetFixture.run(node, IptablesCleanup::run);
        assertTrue(again.out()
                .contains("no KUBE-* or CNI-* chains in [iptables-nft, iptables-legacy, ip6tables-nft, ip6tables-legacy]:"
                        + " nothing to delete"),
                again.out());
        assertEquals(after, rulesets());
    }

    @Test
    void aNamespaceWithoutKubernetesRulesIsLeftAlone() {
        node.run("iptables-nft -A INPUT -p tcp --dport 22 -j ACCEPT && iptables-nft -P INPUT DROP");
        String before = rulesets();
        ResetFixture.Run run = ResetFixture.run(node, IptablesCleanup::run);
        assertTrue(run.out().contains("nothing to delete"), run.out());
        assertEquals(before, rulesets());
    }
}
