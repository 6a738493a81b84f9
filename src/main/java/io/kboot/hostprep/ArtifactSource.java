package io.kboot.hostprep;

import io.kboot.facts.HostFacts;
import java.util.Set;

/**
 * Where the software a node needs comes from: the distribution's repositories
 * ({@link DistroPackages}), files on the workstation that are uploaded ({@link UploadedFiles}),
 * and later kboot's offline bundle. Steps ask for components; a source turns that into uploads
 * and script lines in the step's {@link Changes}, so the installation is part of the step's one
 * change script and is recorded for undo like everything else.
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
}
