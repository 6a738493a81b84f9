package io.kboot.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.config.AddonSwitches;
import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.controlplane.ClusterConfigMaps;
import io.kboot.init.InitWorkflow;
import io.kboot.workflow.Plan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * dns.disabled and proxy.disabled against the real kubeadm v1.36.3 (golden no-addons/, `kubeadm init
 * --dry-run`): kubeadm then creates no object of either addon (not even the kube-dns Service) and
 * stores both switches in kube-system/kubeadm-config, which kboot's upgrade reads.
 */
class DisabledAddonsTest {
    private static InitSettings settings(String text) {
        return InitSettings.from(ConfigLoader.parse("kubeadm-config.yaml", text), new InitSettings.Flags());
    }

    @Test
    void kinitSkipsBothAddonPhasesAndKubeadmCreatesNoneOfTheirObjects() throws IOException {
        InitSettings s = settings(AddonsTest.goldenText("no-addons/kubeadm-config.yaml"));
        assertEquals(new AddonSwitches(false, false), s.components().addons());
        Plan<?> plan = InitWorkflow.build().plan(Optional.empty(), s.run().skipPhases());
        Map<String, Boolean> skipped = plan.steps().stream().collect(Collectors.toMap(Plan.Step::path, Plan.Step::skipped));
        assertTrue(skipped.get("addons/coredns"));
        assertTrue(skipped.get("addons/kube-proxy"));
        assertFalse(skipped.get("addons/pod-network"));
        // What the two skipped phases would have created: none of it is among kubeadm's objects.
        List<ObjectNode> addonObjects = new ArrayList<>(Addons.coreDns("registry.k8s.io/coredns/coredns:v1.14.2",
                "cluster.local", "10.96.0.10"));
        addonObjects.addAll(Addons.kubeProxy("registry.k8s.io/kube-proxy:v1.36.3", "https://10.77.0.10:6443", "10.244.0.0/16"));
        Set<String> kubeadms = AddonsTest.goldenText("no-addons/created-objects.txt").lines().collect(Collectors.toSet());
        assertEquals(12, addonObjects.size());
        for (ObjectNode o : addonObjects) {
            String id = o.path("kind").asText() + " " + o.path("metadata").path("name").asText();
            assertFalse(kubeadms.contains(id), id + " is created by kubeadm with both addons disabled");
        }
        assertTrue(kubeadms.contains("ConfigMap kubeadm-config"), "the golden list is kubeadm's created objects");
    }

    @Test
    void theStoredClusterConfigurationSaysBothAreDisabled() throws IOException {
        InitSettings s = settings(AddonsTest.goldenText("no-addons/kubeadm-config.yaml"));
        assertEquals(AddonsTest.golden("no-addons/kubeadm-config-configmap.yaml"), ClusterConfigMaps.kubeadmConfig(s));
        // The upgrade reads it back from the ConfigMap: still disabled.
        String stored = ClusterConfigMaps.kubeadmConfig(s).path("data").path("ClusterConfiguration").asText();
        assertEquals(new AddonSwitches(false, false), settings(stored).components().addons());
    }

    @Test
    void skippingAnAddonPhaseDisablesTheAddonAsKubeadmDoes() throws IOException {
        String base = AddonsTest.goldenText("kubeadm-config.yaml");
        assertEquals(AddonSwitches.BOTH, settings(base).components().addons());
        String skipDns =
                base.replaceFirst("kind: InitConfiguration\n", "kind: InitConfiguration\nskipPhases:\n- addons/coredns\n");
        InitSettings s = settings(skipDns);
        assertEquals(new AddonSwitches(false, true), s.components().addons());
        assertEquals("true", ClusterConfigMaps.kubeadmConfig(s).path("data").path("ClusterConfiguration").asText()
                .lines().dropWhile(l -> !l.equals("dns:")).skip(1).findFirst().orElseThrow().replace("  disabled: ", ""));
        String skipAll = base.replaceFirst("kind: InitConfiguration\n", "kind: InitConfiguration\nskipPhases:\n- addons/all\n");
        assertEquals(new AddonSwitches(false, false), settings(skipAll).components().addons());
    }
}
