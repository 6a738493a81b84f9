package io.kboot.bundle;

import io.kboot.config.KubernetesVersion;
import io.kboot.host.Host;
import io.kboot.hostprep.BundleStep;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.ImagesStep;
import io.kboot.hostprep.PrepFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a node does with a bundle, timed on this machine: the workstation's check (every
 * checksum), the node's upload and check (here a local copy, tar and sha256sum under a temporary
 * root), a second run (a probe), and importing every image into a real containerd, twice. Not a
 * test; run by scripts/bench/bundle. Arguments: the bundle, the k8s build directory.
 */
public final class BundleBench {
    private BundleBench() {}

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        Path build = Path.of(args[1]);
        Path work = Files.createTempDirectory("kboot-bundle-bench-");
        try {
            long t = System.nanoTime();
            BundleSource source = BundleSource.open(bundle);
            row("workstation check (BundleSource.open)", t);

            Path root = Files.createDirectories(work.resolve("root"));
            try (Containerd containerd = Containerd.start(build.resolve("bin"), work.resolve("containerd"))) {
                Host node = containerd.host();
                t = System.nanoTime();
                new BundleStep().run(context(node, source, root).prep());
                row("node: upload (local copy) + unpack + sha256sum", t);
                t = System.nanoTime();
                new BundleStep().run(context(node, BundleSource.open(bundle), root).prep());
                row("second run: workstation check + probe", t);

                PrepFixture.Context ctx = context(node, source, root);
                t = System.nanoTime();
                new ImagesStep().run(ctx.prep());
                row("import " + source.images(ctx.prep()).size() + " images (ctr --local)", t);
                t = System.nanoTime();
                new ImagesStep().run(context(node, source, root).prep());
                row("second run: images probe", t);
                System.out.println(ctx.output().strip());
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + work);
            }
        }
    }

    private static PrepFixture.Context context(Host node, BundleSource source, Path root) {
        PrepFixture.Context ctx =
                new PrepFixture.Context(node).with(new HostPrepSettings(List.of(), source, new HostPaths(root.toString())));
        ctx.version = KubernetesVersion.parse(source.kubernetesVersion());
        return ctx;
    }

    private static void row(String what, long startNanos) {
        System.out.printf(Locale.ROOT, "%-48s %7.2f s%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
}
