package io.kboot.hostprep;

import io.kboot.config.KubernetesVersion;

import io.kboot.facts.HostFacts;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the software a node needs comes from: the distribution's repositories
 * ({@link DistroPackages}), files on the workstation that are uploaded ({@link UploadedFiles}),
 * or kboot's offline bundle ({@code io.kboot.bundle.BundleSource}, which also carries container
 * images). Steps ask for components; a source turns that into uploads and script lines in the
 * step's {@link Changes}, so the installation is part of the step's one change script and is
 * recorded for undo like everything else.
 */
public interface ArtifactSource {

    /** For messages: "the distribution's packages (apt-get)". */
    String describe();

    /** The components this source can install on a host like this one. */
    Set<Component> provides(HostFacts facts);

    /**
     * Adds the installation of {@code components} (all of them provided, see {@link #provides})
     * to the step's changes, recording what it installs.
     */
    void install(Set<Component> components, NodePrepContext ctx, Changes changes);

    /**
     * The version of a component this source installs ("v1.36.3"), if it knows it: the offline
     * bundle's MANIFEST says. Steps replace a component installed in another version only when the
     * source knows its own; sources that do not (the distribution's packages) leave what is
     * installed as it is.
     */
    default Optional<String> version(Component component) {
        return Optional.empty();
    }

    /**
     * Adds the replacement of a component installed in another version than {@link #version} (an
     * upgrade, or prepare run again with a newer bundle) to the step's changes. Each file is
     * installed as every file is: written beside the old one and renamed over it, so a running
     * binary keeps running until its step or the upgrade restarts it; the first prior version is
     * backed up and recorded, so {@code kboot reset} restores the node as it was before kboot.
     *
     * @param installed the version on the node, for the message ("v1.35.6", or "(version unknown)")
     */
    default void replace(Component component, String installed, NodePrepContext ctx, Changes changes) {
        install(EnumSet.of(component), ctx, changes);
    }

    /**
     * Puts what this source installs from on the node before anything is installed from it (the
     * offline bundle: uploaded once and checked there). Returns what was done, for the user; empty
     * for sources with nothing to deliver ({@link BundleStep} says so).
     */
    default Optional<String> deliver(NodePrepContext ctx) {
        return Optional.empty();
    }

    /**
     * Adds the removal of what other releases of this source left on the node (the offline
     * bundles of earlier releases, after an upgrade) to the changes; nothing by default.
     */
    default void removeOtherReleases(NodePrepContext ctx, Changes changes) {}

    /**
     * Refuses a source that does not carry what a node of this release and image repository runs
     * (a bundle of another release, or without its images); sources that pull or install what the
     * node asks for pass.
     *
     * @throws io.kboot.KbootException.InvalidInput saying what is missing
     */
    default void requireFits(KubernetesVersion version, String imageRepository) {}

    /** Container images this source carries, as archives on the node once delivered ({@link ImagesStep}); none by default. */
    default List<ImageArchive> images(NodePrepContext ctx) {
        return List.of();
    }

    /** The major version of the containerd this source installs, if it knows: a dry run then plans the right config version. */
    default Optional<Integer> containerdMajorVersion() {
        return Optional.empty();
    }
}
