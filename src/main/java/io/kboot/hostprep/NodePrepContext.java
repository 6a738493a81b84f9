package io.kboot.hostprep;

import io.kboot.config.KubernetesVersion;
import io.kboot.facts.OnTarget;
import io.kboot.facts.RunTarget;
import java.util.Set;

/**
 * What the host-preparation phases work with: the node ({@link RunTarget}) and what they need to
 * know of its cluster ({@link PrepInputs}). {@code kinit master}, {@code kjoin} and {@code kboot
 * apply} each hand one over, so one phase group prepares nodes for all of them.
 */
public record NodePrepContext(RunTarget target, PrepInputs inputs) implements OnTarget {

    public NodeRole role() {
        return inputs.role();
    }

    public KubernetesVersion kubernetesVersion() {
        return inputs.kubernetesVersion();
    }

    public String imageRepository() {
        return inputs.imageRepository();
    }

    public int apiServerPort() {
        return inputs.apiServerPort();
    }

    public Set<String> ignorePreflightErrors() {
        return inputs.ignorePreflightErrors();
    }

    public HostPrepSettings hostPrep() {
        return inputs.hostPrep();
    }

    /** The sandbox image kubeadm expects for this release, e.g. registry.k8s.io/pause:3.10. */
    public String sandboxImage() {
        return imageRepository() + "/pause:" + ComponentVersions.bundled().pauseVersion(kubernetesVersion());
    }

    public HostPaths paths() {
        return hostPrep().paths();
    }
}
