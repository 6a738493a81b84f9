package io.kboot.hostprep;

import io.kboot.facts.HostFacts;
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
     * Puts what this source installs from on the node before anything is installed from it (the
     * offline bundle: uploaded once and checked there). Returns what was done, for the user; empty
     * for sources with nothing to deliver ({@link BundleStep} says so).
     */
    default Optional<String> deliver(NodePrepContext ctx) {
        return Optional.empty();
    }

    /** Container images this source carries, as archives on the node once delivered ({@link ImagesStep}); none by default. */
    default List<ImageArchive> images(NodePrepContext ctx) {
        return List.of();
    }

    /** The major version of the containerd this source installs, if it knows: a dry run then plans the right config version. */
    default Optional<Integer> containerdMajorVersion() {
        return Optional.empty();
    }
}
