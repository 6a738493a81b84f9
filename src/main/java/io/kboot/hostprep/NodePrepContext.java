package io.kboot.hostprep;

import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.host.Host;
import io.kboot.report.Reporter;
import java.util.Set;

/**
 * What the host-preparation phases need from the workflow they run in. {@code kinit master}'s
 * InitContext and {@code kjoin}'s JoinContext both implement it, so one phase group prepares
 * nodes for either.
 */
public interface NodePrepContext {
    Host host();

    Reporter reporter();

    /** Facts about the node, gathered once per run. */
    HostFacts facts();

    NodeRole role();

    /** The Kubernetes release the node will run: it picks the sandbox (pause) image. */
    KubernetesVersion kubernetesVersion();

    /** Where the control-plane images come from (kubeadm's imageRepository). */
    String imageRepository();

    /** The API server's port, opened in the firewall on control-plane nodes. */
    int apiServerPort();

    /** Preflight checks whose errors are downgraded to warnings ({@code --ignore-preflight-errors}). */
    Set<String> ignorePreflightErrors();

    /** Registry mirrors, where packages come from, and the root of the tree steps write under. */
    HostPrepSettings hostPrep();

    /** The sandbox image kubeadm expects for this release, e.g. registry.k8s.io/pause:3.10. */
    default String sandboxImage() {
        return imageRepository() + "/pause:" + ComponentVersions.bundled().pauseVersion(kubernetesVersion());
    }

    default HostPaths paths() {
        return hostPrep().paths();
    }
}
