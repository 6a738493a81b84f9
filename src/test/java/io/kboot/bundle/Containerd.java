package io.kboot.bundle;

import io.kboot.host.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** containerd from the build, with its own root, state and socket under a temporary directory. */
public final class Containerd implements AutoCloseable {
    private final Path bin;
    private final Path socket;
    private final Process process;

    private Containerd(Path bin, Path socket, Process process) {
        this.bin = bin;
        this.socket = socket;
        this.process = process;
    }

    public static Containerd start(Path bin, Path dir) throws IOException, InterruptedException {
        return start(bin, dir, "version = 3\n", dir.resolve("containerd.sock"));
    }

    /** With a config of the test's (a containerd.toml) and the socket where the test wants it. */
    public static Containerd start(Path bin, Path dir, String toml, Path socket) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.createDirectories(socket.getParent());
        Path config = Files.writeString(dir.resolve("config.toml"), toml);
        Process process = new ProcessBuilder(bin.resolve("containerd").toString(), "--config", config.toString(),
                "--root", dir.resolve("root").toString(), "--state", dir.resolve("state").toString(), "--address",
                socket.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        Containerd containerd = new Containerd(bin, socket, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!containerd.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                containerd.close();
                throw new AssertionError(
                        "containerd did not start; its log:\n" + Files.readString(dir.resolve("containerd.log")));
            }
            Thread.sleep(100);
        }
        return containerd;
    }

    public boolean answers() throws IOException, InterruptedException {
        if (!Files.exists(socket)) {
            return false;
        }
        Process version = new ProcessBuilder(bin.resolve("ctr").toString(), "--address", socket.toString(), "version")
                .redirectErrorStream(true).start();
        version.getInputStream().readAllBytes();
        return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
    }

    /** ctr in the k8s.io namespace; stdout only (ctr warns about cgroup v1 on stderr here). */
    public String ctr(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(bin.resolve("ctr").toString(), "--address", socket.toString(), "-n", "k8s.io"));
        command.addAll(List.of(args));
        Process ctr = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(ctr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ctr.waitFor(60, TimeUnit.SECONDS) || ctr.exitValue() != 0) {
            throw new AssertionError("ctr " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** This machine as a node whose ctr (in PATH) talks to this containerd. */
    public Host host() {
        return new BundleIT.Node("export CONTAINERD_ADDRESS=" + socket + " PATH=" + bin + ":$PATH\n", Optional.empty());
    }

    public boolean running() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
