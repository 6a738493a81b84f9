package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.PrivateFile;
import io.kboot.apply.ClusterSpec;
import io.kboot.apply.HostSpec;
import io.kboot.config.Echo;
import io.kboot.host.Host;
import io.kboot.kubeconfig.Kubeconfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kboot kubeconfig}: the cluster's admin kubeconfig, fetched from a control plane to this machine. */
@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
        description = {"Fetch the cluster's admin kubeconfig (admin.conf) from a control plane to this machine.",
            "Its server is the control-plane endpoint: the cluster file's controlPlaneEndpoint with -f, else the one"
                    + " admin.conf names. Written to FILE with mode 0600 (replaced atomically), or printed."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot kubeconfig --host root@192.168.56.10 -o ~/.kube/config",
            "  kboot kubeconfig -f cluster.yaml -o admin.conf && KUBECONFIG=admin.conf kubectl get nodes",
            ""})
final class KubeconfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "A cluster file (as for kboot apply): its first control plane is asked.")
    Optional<Path> file = Optional.empty();

    @Option(names = {"-o", "--output-file"}, paramLabel = "FILE",
            description = "Write the kubeconfig here (mode 0600) instead of printing it.")
    Optional<Path> output = Optional.empty();

    @Option(names = "--kubeconfig-dir", paramLabel = "DIR", converter = Converters.SafePath.class,
            description = "The kubeconfig directory on the node (default: /etc/kubernetes, or the cluster file's).")
    Optional<String> kubeconfigDir = Optional.empty();

    @Override
    public Integer call() {
        // Every input is read and checked before a host is contacted.
        if (target.host.isPresent() && file.isPresent()) {
            throw new KbootException.InvalidInput("kboot kubeconfig takes --host (a control plane) or -f (a cluster file), not"
                    + " both: --host " + target.host.get() + " and -f " + file.get());
        }
        output.ifPresent(KubeconfigCommand::requireWritable);
        Optional<ClusterSpec> cluster = file.map(f -> ClusterSpec.load(f, Path.of(System.getProperty("user.home"))));
        Kubeconfig admin = cluster.map(this::fromClusterFile).orElseGet(this::fromTarget);
        String text = admin.render();
        if (output.isPresent()) {
            writePrivate(output.get(), text);
            spec.commandLine().getErr().println("wrote " + output.get() + " (server " + admin.server().orElse("?") + ")");
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
        return ExitCodes.OK;
    }

    private Kubeconfig fromTarget() {
        String path = kubeconfigDir.orElse("/etc/kubernetes") + "/admin.conf";
        try (Host host = target.open()) {
            return read(host, path);
        }
    }

    private Kubeconfig fromClusterFile(ClusterSpec cluster) {
        HostSpec first = cluster.controlPlanes().get(0);
        var settings = cluster.initSettings(first, Set.of(), false);
        String path = kubeconfigDir.orElse(settings.pki().kubeconfigDir()) + "/admin.conf";
        List<Host> opened = ClusterHosts.connect(List.of(first), target.acceptNewHostKey);
        try (Host host = opened.get(0)) {
            Kubeconfig admin = read(host, path);
            return settings.cluster().controlPlaneEndpoint()
                    .map(endpoint -> admin.withServer("https://" + endpoint.toString(settings.node().bindPort())))
                    .orElse(admin);
        }
    }

    private static Kubeconfig read(Host host, String path) {
        byte[] content = host.read(path).orElseThrow(() -> new KbootException.StepFailed(host.name() + ": " + path
                + " does not exist: not a control plane of a cluster made by kinit master, kboot apply or kubeadm init"));
        try {
            return Kubeconfig.parse(content);
        } catch (IllegalArgumentException e) {
            throw new KbootException.StepFailed(host.name() + ": " + path + ": " + e.getMessage());
        }
    }

    /** -o FILE: a file (or nothing yet) in an existing directory. */
    private static void requireWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file) || dir == null || !Files.isDirectory(dir)) {
            throw new KbootException.InvalidInput("-o " + Echo.quote(file.toString()) + ": not a file in an existing directory");
        }
    }

    /** Mode 0600 from the first byte, then moved over the old file: a reader never sees a partial or open file. */
    static void writePrivate(Path file, String text) {
        try {
            PrivateFile.replace(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new KbootException.StepFailed("cannot write " + file + ": " + e.getMessage());
        }
    }
}
