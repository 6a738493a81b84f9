package io.kboot.bundle;

import io.kboot.KbootException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code scripts/k8s/build} wrote: {@code bin/} (the binaries), {@code cni/} (the CNI
 * plugins), {@code rootfs/kube-proxy/} (iptables for kube-proxy's image) and
 * {@code versions.env} (what was built). Every missing piece is an input error that says how to
 * make it.
 */
record BuildDir(Path dir, Map<String, String> versions) {
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** Versions go into MANIFEST lines and shell scripts: no spaces or quotes. */
    static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._+:~-]*");
    private static final String HOW = "run scripts/k8s/build";

    BuildDir {
        versions = Map.copyOf(versions);
    }

    /** @throws KbootException.InvalidInput if the directory is not a build's output */
    static BuildDir open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KbootException.InvalidInput("--from " + dir + ": not a directory (" + HOW + "; it prints the directory)");
        }
        Path env = dir.resolve("versions.env");
        if (!Files.isRegularFile(env)) {
            throw new KbootException.InvalidInput("--from " + dir + ": versions.env is missing; this is not a scripts/k8s/build"
                    + " output directory (" + HOW + "; it prints the directory)");
        }
        return new BuildDir(dir, parseVersions(env));
    }

    static Map<String, String> parseVersions(Path env) {
        List<String> lines;
        try {
            lines = Files.readAllLines(env);
        } catch (IOException e) {
            throw new KbootException.InvalidInput("cannot read " + env + ": " + e.getMessage(), e);
        }
        Map<String, String> versions = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            String value = eq < 0 ? "" : line.substring(eq + 1);
            if (eq < 0 || !KEY.matcher(key).matches() || !VALUE.matcher(value).matches()) {
                throw new KbootException.InvalidInput(env + ":" + (i + 1) + ": not a KEY=VALUE line: " + line);
            }
            versions.put(key, value);
        }
        return versions;
    }

    /** @throws KbootException.InvalidInput if versions.env lacks the key or leaves it empty */
    String version(String key) {
        String value = versions.get(key);
        if (value == null || value.isEmpty()) {
            throw new KbootException.InvalidInput(dir.resolve("versions.env") + " has no " + key
                    + " (made by an older scripts/k8s/build, or with --no-runtime?); " + HOW);
        }
        return value;
    }

    /** A file under the directory that must be there: "bin/kubelet". */
    Path file(String relative) {
        Path file = dir.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new KbootException.InvalidInput(file + " is missing; " + HOW);
        }
        return file;
    }

    Path bin(String name) {
        return file("bin/" + name);
    }

    /** The CNI plugin binaries, sorted by name. */
    List<Path> cniPlugins() {
        List<Path> plugins = list(dir.resolve("cni")).stream().filter(Files::isRegularFile).toList();
        if (plugins.isEmpty()) {
            throw new KbootException.InvalidInput(dir.resolve("cni") + " holds no CNI plugins; " + HOW);
        }
        return plugins;
    }

    /** The root file system kube-proxy's image adds to the binary: iptables-nft, conntrack, their libraries. */
    Path kubeProxyRootfs() {
        Path rootfs = dir.resolve("rootfs/kube-proxy");
        if (!Files.isRegularFile(rootfs.resolve("usr/sbin/xtables-nft-multi"))) {
            throw new KbootException.InvalidInput(rootfs + " is missing or has no iptables; " + HOW);
        }
        return rootfs;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
