package io.kboot.hostprep;

import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.facts.RunTarget;
import io.kboot.host.Host;
import io.kboot.report.Reporter;
import java.util.Set;

/**
 * What the host-preparation phases work with: the node ({@link RunTarget}) and what they need to
 * know of its cluster ({@link PrepInputs}). {@code kinit master}, {@code kjoin} and {@code kboot
 * apply} each hand one over, so one phase group prepares nodes for all of them.
 */
public record NodePrepContext(RunTarget target, PrepInputs inputs) {

    public Host host() {
        return target.host();
    }

    public Reporter reporter() {
        return target.reporter();
    }

    /** Facts about the node, gathered once per run. */
    public HostFacts facts() {
        return target.facts();
    }

    public void info(String message) {
        target.info(message);
    }

    public void warn(String message) {
        target.warn(message);
    }

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
