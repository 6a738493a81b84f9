package io.kboot.bundle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A bundle's {@code MANIFEST}: what was built, the images, and every other file of the bundle
 * with its size and SHA-256. One record a line, so a node checks a bundle with awk and
 * sha256sum alone:
 * <pre>
 *   kboot-bundle 1
 *   version KUBERNETES_VERSION v1.36.3
 *   image images/pause.tar registry.k8s.io/pause:3.10.2 sha256:&lt;manifest digest&gt;
 *   file bin/kubelet 60133538 &lt;sha256&gt;
 * </pre>
 */
record Manifest(Map<String, String> versions, List<Image> images, List<Entry> files) {
    static final String NAME = "MANIFEST";
    static final String FORMAT = "kboot-bundle 1";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern REF = Pattern.compile("[a-z0-9.:/_-]+:[A-Za-z0-9_][A-Za-z0-9._-]*");

    /** An image archive of the bundle; {@code digest} is its manifest's, which containerd lists once imported. */
    record Image(String path, String ref, String digest) {}

    /** A file of the bundle (every one but MANIFEST itself). */
    record Entry(String path, long size, String sha256) {}

    Manifest {
        versions = Map.copyOf(new TreeMap<>(versions));
        images = images.stream().sorted(Comparator.comparing(Image::path)).toList();
        files = files.stream().sorted(Comparator.comparing(Entry::path)).toList();
    }

    Optional<Entry> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** The files under a directory of the bundle ("cni"), sorted. */
    List<Entry> filesUnder(String dir) {
        return files.stream().filter(f -> f.path().startsWith(dir + "/")).toList();
    }

    Optional<String> version(String key) {
        return Optional.ofNullable(versions.get(key));
    }

    long totalSize() {
        return files.stream().mapToLong(Entry::size).sum();
    }

    String render() {
        StringBuilder text = new StringBuilder(
                "# kboot offline bundle: what it holds, with sizes and SHA-256. Check with: kboot bundle verify FILE\n")
                .append(FORMAT).append('\n');
        new TreeMap<>(versions)
                .forEach((key, value) -> text.append("version ").append(key).append(' ').append(value).append('\n'));
        images.forEach(i -> text.append("image ").append(i.path()).append(' ').append(i.ref()).append(' ').append(i.digest())
                .append('\n'));
        files.forEach(f -> text.append("file ").append(f.path()).append(' ').append(f.size()).append(' ').append(f.sha256())
                .append('\n'));
        return text.toString();
    }

    /** @throws IllegalArgumentException naming the line that is wrong */
    static Manifest parse(String text) {
        Map<String, String> versions = new TreeMap<>();
        List<Image> images = new ArrayList<>();
        List<Entry> files = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        boolean header = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = NAME + " line " + (i + 1) + ": ";
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.equals(FORMAT)) {
                    throw new IllegalArgumentException(where + "expected \"" + FORMAT + "\", found \"" + abbreviate(line) + "\"");
                }
                header = true;
                continue;
            }
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "version" -> {
                    require(f.length == 3 && KEY.matcher(f[1]).matches() && BuildDir.VALUE.matcher(f[2]).matches(), where,
                            "expected \"version KEY VALUE\"", line);
                    require(versions.put(f[1], f[2]) == null, where, f[1] + " is listed twice", line);
                }
                case "image" -> {
                    require(f.length == 4 && REF.matcher(f[2]).matches() && f[3].startsWith("sha256:")
                            && HEX.matcher(f[3].substring(7)).matches(),
                            where, "expected \"image PATH REF sha256:DIGEST\"", line);
                    requirePath(f[1], where);
                    images.add(new Image(f[1], f[2], f[3]));
                }
                case "file" -> {
                    require(f.length == 4 && f[2].matches("[0-9]{1,15}") && HEX.matcher(f[3]).matches(), where,
                            "expected \"file PATH SIZE SHA256\"", line);
                    requirePath(f[1], where);
                    require(paths.add(f[1]), where, f[1] + " is listed twice", line);
                    files.add(new Entry(f[1], Long.parseLong(f[2]), f[3]));
                }
                default -> throw new IllegalArgumentException(where + "unknown record \"" + abbreviate(f[0]) + "\"");
            }
        }
        if (!header) {
            throw new IllegalArgumentException(NAME + " is empty: expected \"" + FORMAT + "\" first");
        }
        for (Image image : images) {
            if (!paths.contains(image.path())) {
                throw new IllegalArgumentException(
                        NAME + ": image " + image.ref() + " is in " + image.path() + ", which has no file line");
            }
        }
        return new Manifest(versions, images, files);
    }

    static void requirePath(String path, String where) {
        try {
            LayerEntry.checkPath(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "unsupported path \"" + abbreviate(path) + "\"");
        }
        require(!path.equals(NAME), where, "MANIFEST cannot list itself", path);
    }

    private static void require(boolean ok, String where, String problem, String line) {
        if (!ok) {
            throw new IllegalArgumentException(where + problem + ": \"" + abbreviate(line) + "\"");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
