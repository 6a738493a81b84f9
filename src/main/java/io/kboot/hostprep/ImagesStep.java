package io.kboot.hostprep;

import io.kboot.host.Command;
import io.kboot.report.ProgressMeter;
import io.kboot.script.ShellTemplate;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports the container images the artifact source carries (the offline bundle's) into
 * containerd's {@code k8s.io} namespace, where the kubelet's CRI looks, so nodes without a
 * registry can start the control plane and add-ons. An image already there with the same
 * manifest digest is left alone, so a second run only looks. Without images (no bundle) the
 * runtime pulls them as usual.
 */
public final class ImagesStep implements PrepStep {
    /** containerd CRI's label for images the kubelet must not garbage-collect. */
    static final String PINNED = "io.cri-containerd.pinned=pinned";

    static final String NAMESPACE = "k8s.io";

    /** containerd's CPU while it unpacks beside running pods: half a CPU, so a 2-vCPU node keeps 1.5 for them. */
    static final String CONTAINERD_QUOTA_WHILE_PODS_RUN = "50%";

    /**
     * ctr prints "REF TYPE DIGEST SIZE PLATFORMS LABELS" after a header line; containerd must be
     * running. Its warnings (cgroup v1 deprecation) go to stderr, kept out of the list.
     */
    @Override
    public String name() {
        return "images";
    }

    @Override
    public String summary() {
        return "Import the offline bundle's images into containerd (--bundle only)";
    }

    @Override
    public void run(NodePrepContext ctx) {
        List<ImageArchive> images = ctx.hostPrep().artifacts().images(ctx);
        if (images.isEmpty()) {
            ctx.info("no images to import (the container runtime pulls them)");
            return;
        }
        Probe.Result found = new Probe(name(), ctx.paths()).shell(StepScripts.of(name(), "list").word("namespace", NAMESPACE))
                .run(ctx.host());
        Map<String, String> present = new HashMap<>();
        Set<String> pinned = new HashSet<>();
        for (String line : found.values("image")) {
            String[] refDigestLabels = line.split(" ", 3);
            if (refDigestLabels.length >= 2) {
                present.put(refDigestLabels[0], refDigestLabels[1]);
            }
            if (refDigestLabels.length == 3 && refDigestLabels[2].contains(PINNED)) {
                pinned.add(refDigestLabels[0]);
            }
        }
        // Without containerd (a dry run before it is installed) every image is planned; the script checks again.
        found.value("ctr")
                .ifPresent(why -> ctx.reporter().detail(ctx.host().name(), "cannot list containerd's images yet (" + why + ")"));
        List<ImageArchive> missing = images.stream().filter(i -> !i.digest().equals(present.get(i.ref()))).toList();
        List<ImageArchive> unpinned = images.stream().filter(i -> !missing.contains(i) && !pinned.contains(i.ref())).toList();

        Changes changes = new Changes(ctx, name());
        if (!missing.isEmpty()) {
            changes.run(StepScripts.of(name(), "require-ctr"));
            changes.run(StepScripts.of(name(), "yield-to-pods").word("quota", CONTAINERD_QUOTA_WHILE_PODS_RUN));
            for (ImageArchive image : missing) {
                changes.record(new ChangeRecord.ImageImported(image.ref()))
                        .run(StepScripts.of(name(), "import").word("namespace", NAMESPACE).word("archive", image.path())
                                .script("pin", pin(image).render().strip())
                                .word("progress", Command.PROGRESS + "imported " + image.ref()));
            }
            // Minutes on an emulated node: a line every 15 s says how many are in and how long the rest may take.
            ProgressMeter meter =
                    new ProgressMeter(ctx.reporter(), ctx.host().name(), "importing images", missing.size(), "images");
            int[] imported = {0};
            changes.progressLines(line -> meter.accept(++imported[0]));
            changes.verify(StepScripts.of(name(), "list-imported").word("namespace", NAMESPACE));
            for (ImageArchive image : missing) {
                changes.verify(StepScripts.of(name(), "verify").word("ref", image.ref()).word("digest", image.digest())
                        .word("failed", image.ref() + " (" + image.digest() + ") is not in containerd after the import"));
            }
            // Unpacking hundreds of MB takes minutes on emulated nodes.
            int already = images.size() - missing.size();
            changes.timeout(Duration.ofMinutes(30))
                    .done("imported " + missing.size() + " image(s) into containerd"
                            + (already > 0 ? " (" + already + " already there)" : "")
                            + ": " + String.join(", ", missing.stream().map(ImageArchive::ref).toList()));
        }
        if (!unpinned.isEmpty()) {
            if (missing.isEmpty()) {
                changes.run(StepScripts.of(name(), "require-ctr"));
            }
            unpinned.forEach(image -> changes.run(pin(image)));
            changes.done("pinned " + unpinned.size() + " image(s) already in containerd, so the kubelet's image garbage"
                    + " collection keeps them");
        }
        if (!unpinned.isEmpty()) {
            if (missing.isEmpty()) {
                changes.verify(StepScripts.of(name(), "list-imported").word("namespace", NAMESPACE));
            }
            for (ImageArchive image : unpinned) {
                changes.verify(StepScripts.of(name(), "verify").word("ref", image.ref()).word("digest", image.digest())
                        .word("failed", image.ref() + " is not pinned in containerd"));
            }
        }
        PrepStep.finish(ctx, changes, "all " + images.size() + " images already in containerd, pinned");
    }

    /**
     * Unpins the images this step pinned that the artifact source no longer carries (the release
     * before an upgrade), so the kubelet's image garbage collection may remove them once nothing
     * runs them, as it would without kboot: pinned, each release would stay on the disk for good.
     */
    public static void unpinOtherReleases(NodePrepContext ctx, Changes changes) {
        Set<String> current = new HashSet<>(ctx.hostPrep().artifacts().images(ctx).stream().map(ImageArchive::ref).toList());
        if (current.isEmpty()) {
            return; // the runtime pulls: kboot pinned nothing
        }
        Probe.Result found = new Probe("images", ctx.paths()).shell(StepScripts.of("images", "list").word("namespace", NAMESPACE))
                .run(ctx.host());
        List<String[]> listed = found.values("image").stream().map(line -> line.split(" ", 3)).filter(f -> f.length == 3)
                .toList();
        // containerd's CRI names each image by its ID too ("sha256:…", same manifest, pin copied): that one goes with its image.
        Set<String> currentDigests = new HashSet<>(listed.stream().filter(f -> current.contains(f[0])).map(f -> f[1]).toList());
        List<String> others = listed.stream()
                .filter(f -> f[2].contains(PINNED) && !current.contains(f[0]) && !currentDigests.contains(f[1])).map(f -> f[0])
                .toList();
        if (others.isEmpty()) {
            return;
        }
        others.forEach(ref -> changes.run(StepScripts.of("images", "unpin").word("namespace", NAMESPACE).word("ref", ref)));
        changes.done("unpinned " + others.size() + " image(s) of another release, so the kubelet's image garbage collection"
                + " may remove them once unused: " + String.join(", ", others));
    }

    private static ShellTemplate pin(ImageArchive image) {
        return StepScripts.of("images", "pin").word("namespace", NAMESPACE).word("ref", image.ref());
    }
}
