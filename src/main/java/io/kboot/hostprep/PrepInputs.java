package io.kboot.hostprep;

import io.kboot.config.KubernetesVersion;
import java.util.Set;

/**
 * What host preparation needs to know of the cluster a node is prepared for: kinit master, kjoin
 * and apply each derive it from their settings.
 *
 * @param kubernetesVersion the release the node will run: it picks the sandbox (pause) image
 * @param imageRepository where the control-plane images come from (kubeadm's imageRepository)
 * @param apiServerPort opened in the firewall on control-plane nodes
 * @param ignorePreflightErrors checks whose errors are downgraded to warnings ({@code --ignore-preflight-errors})
 * @param hostPrep registry mirrors, where packages come from, and the root of the tree steps write under
 */
public record PrepInputs(NodeRole role, KubernetesVersion kubernetesVersion, String imageRepository, int apiServerPort,
        Set<String> ignorePreflightErrors, HostPrepSettings hostPrep) {

    public PrepInputs {
        ignorePreflightErrors = Set.copyOf(ignorePreflightErrors);
    }
}
