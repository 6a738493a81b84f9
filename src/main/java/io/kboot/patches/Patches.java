package io.kboot.patches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * kubeadm's patches ({@code --patches DIR}, {@code patches.directory}): files named
 * {@code target[suffix][+type].{yaml,json}} whose documents patch a static Pod manifest, the
 * kubelet's configuration or the CoreDNS Deployment before kboot writes it. They are read once,
 * on the workstation, when the settings are made, so a bad file is bad input before any host is
 * touched; they apply in the order of their paths, as kubeadm walks the directory. Files with
 * another extension or an unknown target are ignored (and said so), as kubeadm ignores them.
 */
public final class Patches {
    private static final Pattern EXTENSION = Pattern.compile(".+\\.(json|yaml)$");
    /** kubeadm's parseFilename: the target, an optional suffix for ordering, then "+" and the patch type. */
    private static final Pattern NAME = Pattern.compile("^(" + Stream.of(PatchTarget.values()).map(PatchTarget::fileName)
            .collect(Collectors.joining("|")) + ")([^.+\\n]*)?(\\+)?(json|merge|strategic)?");

    /** One file's patches (one per YAML document), all of one type for one target. */
    public record PatchFile(Path path, PatchTarget target, PatchType type, List<JsonNode> patches) {
        public PatchFile {
            patches = List.copyOf(patches);
        }

        public String name() {
            return path.getFileName().toString();
        }
    }

    /** A file kubeadm would skip, and why. */
    public record Ignored(String name, String reason) {}

    private static final Patches NONE = new Patches(List.of(), List.of());

    private final List<PatchFile> files;
    private final List<Ignored> ignored;

    private Patches(List<PatchFile> files, List<Ignored> ignored) {
        this.files = List.copyOf(files);
        this.ignored = List.copyOf(ignored);
    }

    public static Patches none() {
        return NONE;
    }

    /**
     * Reads every patch file under {@code directory}, subdirectories included.
     *
     * @throws KbootException.InvalidInput naming the directory or the file and what is wrong with it
     */
    public static Patches load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new KbootException.InvalidInput("patches: " + directory + " is not a directory");
        }
        List<PatchFile> files = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        for (Path file : walk(directory)) {
            String name = file.getFileName().toString();
            if (!EXTENSION.matcher(name).matches()) {
                ignored.add(new Ignored(name, "the file extension must be one of [json yaml]"));
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.lookingAt()) {
                ignored.add(new Ignored(name, "unknown target, must be one of " + Stream.of(PatchTarget.values())
                        .map(PatchTarget::fileName).collect(Collectors.joining(" ", "[", "]"))));
                continue;
            }
            if (m.group(3) != null && m.group(4) == null) {
                throw new KbootException.InvalidInput("patches: " + file
                        + ": unknown or missing patch type after '+', must be one of [json merge strategic]");
            }
            PatchType type = m.group(4) == null ? PatchType.STRATEGIC
                    : Stream.of(PatchType.values()).filter(t -> t.suffix().equals(m.group(4))).findFirst().orElseThrow();
            String text = read(file);
            if (text.isEmpty()) {
                ignored.add(new Ignored(name, "empty file"));
                continue;
            }
            List<JsonNode> documents;
            try {
                documents = GoYaml.documents(text);
            } catch (PatchException e) {
                throw new KbootException.InvalidInput("patches: " + file + ": " + e.getMessage());
            }
            files.add(new PatchFile(file, PatchTarget.named(m.group(1)).orElseThrow(), type, documents));
        }
        return new Patches(files, ignored);
    }

    /** Regular files under dir, depth first, each directory's entries by name: Go's filepath.Walk order. */
    private static List<Path> walk(Path dir) {
        List<Path> found = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            throw new KbootException.InvalidInput("patches: cannot list " + dir + ": " + e.getMessage());
        }
        for (Path entry : entries) {
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                found.addAll(walk(entry));
            } else {
                found.add(entry);
            }
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new KbootException.InvalidInput("patches: cannot read " + file + ": " + e.getMessage());
        }
    }

    /** True when no file patches anything. */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    public List<Ignored> ignored() {
        return ignored;
    }

    /** The files that patch {@code target}, in the order they apply. */
    public List<PatchFile> filesFor(PatchTarget target) {
        return files.stream().filter(f -> f.target() == target).toList();
    }

    /**
     * The document with every patch for {@code target} applied in order; the document itself when
     * there is none. The caller writes the result with sorted keys, as kubeadm does.
     *
     * @throws KbootException.InvalidInput naming the file whose patch does not apply, and why
     */
    public ObjectNode apply(PatchTarget target, ObjectNode document) {
        ObjectNode result = document;
        for (PatchFile file : filesFor(target)) {
            int index = 0;
            for (JsonNode patch : file.patches()) {
                index++;
                try {
                    result = applyOne(file.type(), target, result, patch);
                } catch (PatchException e) {
                    throw new KbootException.InvalidInput("patches: " + file.path()
                            + (file.patches().size() > 1 ? " (document " + index + ")" : "") + ": could not apply the "
                            + file.type().suffix() + " patch to \"" + target.fileName() + "\": " + e.getMessage());
                }
            }
        }
        return result;
    }

    static ObjectNode applyOne(PatchType type, PatchTarget target, ObjectNode document, JsonNode patch) {
        return switch (type) {
            case STRATEGIC -> {
                if (!patch.isObject()) {
                    throw new PatchException("a strategic merge patch must be a map");
                }
                yield StrategicMerge.apply(document, (ObjectNode) patch, target.schema());
            }
            case MERGE -> MergePatch.apply(document, patch);
            case JSON -> {
                JsonNode result = JsonPatch.apply(document, patch);
                if (!result.isObject()) {
                    throw new PatchException("the patched document is not a map");
                }
                yield (ObjectNode) result;
            }
        };
    }
}
