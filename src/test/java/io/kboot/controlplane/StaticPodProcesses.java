package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Control-plane components run as plain processes, standing in for the kubelet: each started with
 * exactly the command line of its rendered static Pod manifest, only the binary resolved to the one
 * scripts/k8s/build made. For the integration tests that need a real control plane.
 */
public final class StaticPodProcesses implements AutoCloseable {
    public static final Path BIN = Path.of(System.getenv().getOrDefault("KBOOT_K8S_BIN", "/var/cache/kboot/k8s/v1.36.3/bin"));

    private final Path logDir;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> byName = new HashMap<>();
    private final Map<String, String> manifests = new HashMap<>();

    public StaticPodProcesses(Path logDir) {
        this.logDir = logDir;
    }

    /** Fails the test (never skips it) when the build is missing. */
    public static void requireBinaries() {
        if (!Files.isExecutable(BIN.resolve("kube-apiserver"))) {
            fail("no Kubernetes binaries in " + BIN + ": run scripts/k8s/build (scripts/test does) or set KBOOT_K8S_BIN");
        }
    }

    /** Starts the manifest's container command; its output goes to {@code <logName>.log}. */
    public void start(String logName, String manifest) throws IOException {
        JsonNode container = Templates.parseYaml(manifest).path("spec").path("containers").get(0);
        List<String> argv = new ArrayList<>();
        container.path("command").forEach(a -> argv.add(a.asText()));
        argv.set(0, BIN.resolve(argv.get(0)).toString());
        Path log = logDir.resolve(logName + ".log");
        Process process =
                new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        processes.add(process);
        byName.put(logName, process);
        manifests.put(logName, manifest);
    }

    /** Stops one component as a failed liveness probe would have the kubelet stop it (SIGKILL after 10 s of SIGTERM). */
    public void stop(String logName) throws InterruptedException {
        Process p = byName.get(logName);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        processes.remove(p);
    }

    /**
     * Starts the component again if it has exited, as the kubelet's restart policy would: the
     * controller manager and the scheduler exit when they lose their leader lease, which an API
     * server that was away makes them do.
     *
     * @return whether it had exited
     */
    public boolean restartIfExited(String logName) throws IOException {
        Process p = byName.get(logName);
        if (p != null && p.isAlive()) {
            return false;
        }
        processes.remove(p);
        startAgain(logName);
        return true;
    }

    /** Starts a stopped component again with the same command line, as the kubelet restarts a container. */
    public void startAgain(String logName) throws IOException {
        start(logName, manifests.get(logName));
    }

    /** Stops them in reverse order; the API server drains for a while on SIGTERM, which a test does not wait for. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** Deletes a temporary directory tree, as far as it can. */
    public static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
