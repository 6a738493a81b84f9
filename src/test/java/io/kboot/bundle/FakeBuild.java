package io.kboot.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A scripts/k8s/build output directory with tiny stand-in binaries: what the bundle tests make
 * bundles from, in milliseconds. Also reads and rewrites tars, to damage bundles on purpose.
 */
public final class FakeBuild {
    static final String VERSIONS = """
            KUBERNETES_VERSION=v1.36.3
            ETCD_VERSION=v3.6.8
            COREDNS_VERSION=v1.14.2
            PAUSE_VERSION=3.10.2
            CONTAINERD_VERSION=v2.3.7
            RUNC_VERSION=v1.5.2
            CNI_PLUGINS_VERSION=v1.9.1
            HELLO_VERSION=1
            IPTABLES_VERSION=1.8.9-2
            GO_VERSION=go1.26.8
            """;
    static final List<String> BINARIES =
            List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy", "kubelet",
                    "kubectl", "kubeadm", "etcd", "etcdctl", "etcdutl", "coredns", "pause", "hello", "kboot-netd", "containerd",
                    "containerd-shim-runc-v2", "ctr", "runc");
    static final List<String> CNI = List.of("bridge", "host-local", "loopback", "portmap");

    private FakeBuild() {}

    /** Writes the build under dir; every binary is "#!fake NAME" plus some bytes, mode 0755. */
    public static Path create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("bin"));
            Files.createDirectories(dir.resolve("cni"));
            Files.writeString(dir.resolve("versions.env"), VERSIONS);
            for (String name : BINARIES) {
                executable(dir.resolve("bin/" + name), "#!fake " + name + "\n" + "x".repeat(700 + name.length()));
            }
            for (String name : CNI) {
                executable(dir.resolve("cni/" + name), "#!fake cni " + name + "\n");
            }
            Path rootfs = dir.resolve("rootfs/kube-proxy");
            Files.createDirectories(rootfs.resolve("usr/sbin"));
            Files.createDirectories(rootfs.resolve("usr/lib/x86_64-linux-gnu/xtables"));
            executable(rootfs.resolve("usr/sbin/xtables-nft-multi"), "#!fake xtables-nft-multi\n");
            Files.createSymbolicLink(rootfs.resolve("usr/sbin/iptables-nft"), Path.of("xtables-nft-multi"));
            Files.createSymbolicLink(rootfs.resolve("usr/sbin/iptables"), Path.of("iptables-nft"));
            Files.writeString(rootfs.resolve("usr/lib/x86_64-linux-gnu/xtables/libxt_comment.so"), "fake extension\n");
            Files.createSymbolicLink(rootfs.resolve("sbin"), Path.of("usr/sbin"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A build of v1.35.4 with v1.35's etcd, CoreDNS and pause pins: a release one minor older than kboot's default. */
    public static Path createV135(Path dir) {
        Path build = create(dir);
        try {
            setVersion(build, "KUBERNETES_VERSION", "v1.35.4");
            setVersion(build, "ETCD_VERSION", "v3.6.6");
            setVersion(build, "COREDNS_VERSION", "v1.13.1");
            setVersion(build, "PAUSE_VERSION", "3.10.1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build;
    }

    /** Rewrites versions.env with one line changed (or removed, for a null value). */
    static void setVersion(Path build, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(build.resolve("versions.env"))) {
            if (!line.startsWith(key + "=")) {
                lines.add(line);
            } else if (value != null) {
                lines.add(key + "=" + value);
            }
        }
        Files.write(build.resolve("versions.env"), lines);
    }

    /** Gives every file a new modification time: what a rebuild does, and what must not change a bundle. */
    static void touchAll(Path dir, long millis) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setLastModifiedTime(p, FileTime.fromMillis(millis));
                }
            }
        }
    }

    /** Where a text first occurs in data (the start of a fake binary inside a tar). */
    public static int indexOf(byte[] data, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer : for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("\"" + text + "\" not found");
    }

    /** A copy of a bundle with one byte of a fake binary's content changed. */
    public static byte[] flipByte(byte[] bundle, String binary) {
        byte[] copy = bundle.clone();
        copy[indexOf(copy, "#!fake " + binary) + 3] ^= 1;
        return copy;
    }

    /** A copy of a bundle cut off {@code bytes} into a fake binary's content. */
    public static byte[] cutInto(byte[] bundle, String binary, int bytes) {
        return Arrays.copyOf(bundle, indexOf(bundle, "#!fake " + binary) + bytes);
    }

    /** One entry of a tar read whole: for small test tars only. */
    record Entry(String name, byte[] data, TarArchiveEntry header) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static List<Entry> read(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                tar.transferTo(data);
                entries.add(new Entry(e.getName(), data.toByteArray(), e));
            }
        }
        return entries;
    }

    static List<Entry> read(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            return read(in);
        }
    }

    static byte[] bytes(List<Entry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name))
                .data();
    }

    /** Writes entries (regular files) as a tar, each passed through edit first; edit returning null drops it. */
    static void write(Path tar, List<Entry> entries, UnaryOperator<Entry> edit) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry original : entries) {
                Entry e = edit.apply(original);
                if (e == null) {
                    continue;
                }
                TarArchiveEntry header = new TarArchiveEntry(e.name());
                header.setSize(e.data().length);
                header.setMode(0644);
                t.putArchiveEntry(header);
                t.write(e.data());
                t.closeArchiveEntry();
            }
        }
    }
}
