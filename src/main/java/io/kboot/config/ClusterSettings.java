package io.kboot.config;

import java.util.Optional;

/**
 * The cluster as a whole, from kubeadm's ClusterConfiguration: its name, release, stable address,
 * image registry and networks.
 */
public record ClusterSettings(String name, KubernetesVersion kubernetesVersion, Optional<Endpoint> controlPlaneEndpoint,
        String imageRepository, Networking networking) {}
