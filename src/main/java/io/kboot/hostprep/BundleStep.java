package io.kboot.hostprep;

/**
 * Puts the artifact source's files on the node before any step installs from them: with
 * {@code --bundle}, the offline bundle is uploaded once and checked on the node against its
 * MANIFEST, so a damaged bundle is refused before anything is installed. Other sources have
 * nothing to deliver.
 */
public final class BundleStep implements PrepStep {

    @Override
    public String name() {
        return "bundle";
    }

    @Override
    public String summary() {
        return "Upload the offline bundle (--bundle) once and verify it on the node";
    }

    @Override
    public void run(NodePrepContext ctx) {
        ArtifactSource source = ctx.hostPrep().artifacts();
        String done = source.deliver(ctx).orElse("no offline bundle to upload (software comes from " + source.describe() + ")");
        ctx.info(done);
    }
}
