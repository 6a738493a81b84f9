package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.bundle.BundleVerifier;
import io.kboot.bundle.BundleWriter;
import io.kboot.config.Defaults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kboot bundle}: the offline bundle that lets nodes without internet access become a cluster. */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Make and check offline bundles: one file with kubelet, kubectl, kubeadm, containerd, runc, the CNI plugins"
                + " and the images a node runs (control plane, kube-proxy, etcd, pause, CoreDNS, hello). kinit master and kjoin"
                + " install from it with --bundle FILE.",
        subcommands = {BundleCommand.Create.class, BundleCommand.Verify.class})
final class BundleCommand {
    /** For tests: where KBOOT_K8S_DIR is read from. */
    static UnaryOperator<String> environment = System::getenv;

    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*");

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Write a bundle from scripts/k8s/build's output directory: bin/, cni/, images/*.tar (OCI archives,"
                    + " tagged"
                    + " as kubeadm's manifests name them) and a MANIFEST with the versions and every file's size and SHA-256.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  kboot bundle create --from \"$(scripts/k8s/build)\" -o kboot-bundle.tar",
                "  KBOOT_K8S_DIR=/var/cache/kboot/k8s/v1.36.3 kboot bundle create",
                ""})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", paramLabel = "DIR",
                description = "scripts/k8s/build's output directory, e.g. /var/cache/kboot/k8s/v1.36.3 (default:"
                        + " $KBOOT_K8S_DIR).")
        Optional<Path> from = Optional.empty();

        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "The bundle to write (default: kboot-bundle-<kubernetes version>.tar here).")
        Optional<Path> output = Optional.empty();

        @Option(names = "--image-repository", paramLabel = "REPO", defaultValue = Defaults.IMAGE_REPOSITORY,
                description = "Tag the images for this repository, as kubeadm's imageRepository (default: ${DEFAULT-VALUE}).")
        String imageRepository;

        @Option(names = "--gzip-layers",
                description = "Compress the image layers (a smaller bundle, but every node must decompress them on import).")
        boolean gzipLayers;

        @Override
        public Integer call() {
            Path dir = from
                    .or(() -> Optional.ofNullable(environment.apply("KBOOT_K8S_DIR")).filter(s -> !s.isBlank()).map(Path::of))
                    .orElseThrow(() -> new KbootException.InvalidInput("bundle create needs --from DIR (or KBOOT_K8S_DIR): the"
                            + " output directory of scripts/k8s/build, which prints it"));
            if (!REPOSITORY.matcher(imageRepository).matches()) {
                throw new KbootException.InvalidInput("--image-repository: \"" + imageRepository
                        + "\" is not an image repository (expected e.g. registry.k8s.io or mirror.lab:5000/k8s)");
            }
            Path file = output.orElseGet(() -> Path.of(BundleWriter.defaultFileName(dir)));
            PrintWriter out = spec.commandLine().getOut();
            long start = System.nanoTime();
            BundleWriter.Result result = BundleWriter.create(dir, file, imageRepository, gzipLayers, line -> {
                out.println("[bundle] " + line);
                out.flush();
            });
            out.printf("[bundle] wrote %s: %s, %d files (%d images), Kubernetes %s, in %.1f s%n", result.bundle(),
                    BundleWriter.megabytes(result.size()), result.files(), result.images(),
                    result.versions().get("KUBERNETES_VERSION"), (System.nanoTime() - start) / 1e9);
            out.println("[bundle] id (SHA-256 of its MANIFEST): " + result.id());
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a bundle: every file's size and SHA-256 against its MANIFEST, every file listed exactly once,"
                    + " only regular files and directories with safe modes at plain paths."
                    + " Exit 1 if anything is wrong (each problem names the file), 2 if the file cannot be read as a tar.",
            footerHeading = "%nExamples:%n",
            footer = {"  kboot bundle verify kboot-bundle-v1.36.3.tar", ""})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The bundle.")
        Path file;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            BundleVerifier.Verification result = BundleVerifier.verify(file);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!result.ok()) {
                PrintWriter err = spec.commandLine().getErr();
                result.problems().forEach(problem -> err.println("error: " + file + ": " + problem));
                err.println("error: " + file + ": " + result.problems().size() + " problem(s); do not use this bundle");
                err.flush();
                return ExitCodes.STEP_FAILED;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: OK, %d files, %s, checked in %.1f s%n", file, result.files(), BundleWriter.megabytes(result.size()),
                    seconds);
            out.println("id: " + result.id());
            result.versions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(v -> out.println("version: " + v.getKey() + "=" + v.getValue()));
            result.images().forEach(image -> out.println("image: " + image));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
