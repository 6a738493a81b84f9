package io.kboot.kubeconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.config.Echo;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kubeconfig a command run on the workstation uses, chosen as kubectl chooses it (client-go's
 * loading rules): {@code --kubeconfig FILE} alone if given (it must exist); else every file of
 * {@code $KUBECONFIG} (a {@code :}-separated list, missing files skipped) merged, the first file to
 * set a cluster, user or context name, or current-context, winning; else {@code ~/.kube/config}.
 * File references ({@code certificate-authority}, {@code client-certificate}, {@code client-key},
 * relative to their file) are read into their {@code -data} fields, since kboot may send the
 * kubeconfig's credentials through a node rather than read them where it connects.
 */
public final class KubeconfigLoading {
    private static final List<String> NAMED_LISTS = List.of("clusters", "users", "contexts");
    private static final Map<String, String> FILE_FIELDS = Map.of("certificate-authority", "certificate-authority-data",
            "client-certificate", "client-certificate-data", "client-key", "client-key-data");

    /**
     * A kubeconfig and where it came from, for messages.
     *
     * @param files the files it was read from, in precedence order
     */
    public record Loaded(Kubeconfig config, List<Path> files) {
        public String origin() {
            return files.size() == 1 ? files.get(0).toString() : "$KUBECONFIG (" + files.size() + " files merged)";
        }
    }

    private KubeconfigLoading() {}

    /** With this process's $KUBECONFIG and home directory. */
    public static Optional<Loaded> load(Optional<Path> flag) {
        return load(flag, Optional.ofNullable(System.getenv("KUBECONFIG")), Path.of(System.getProperty("user.home")));
    }

    /**
     * The kubeconfig, or empty when none of the places holds one.
     *
     * @param flag {@code --kubeconfig}
     * @param environment {@code $KUBECONFIG}
     * @param home the user's home directory
     */
    public static Optional<Loaded> load(Optional<Path> flag, Optional<String> environment, Path home) {
        if (flag.isPresent()) {
            Path file = flag.get();
            if (!Files.isRegularFile(file)) {
                throw new KbootException.InvalidInput("--kubeconfig " + Echo.quote(file.toString()) + ": no such file");
            }
            return Optional.of(new Loaded(read(file), List.of(file)));
        }
        List<Path> files = environment.map(KubeconfigLoading::listed).orElse(List.of());
        if (environment.isPresent() && !environment.get().isEmpty()) {
            List<Path> present = files.stream().filter(Files::isRegularFile).toList();
            if (present.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Loaded(merge(present.stream().map(KubeconfigLoading::read).toList()), present));
        }
        Path standard = home.resolve(".kube").resolve("config");
        return Files.isRegularFile(standard) ? Optional.of(new Loaded(read(standard), List.of(standard))) : Optional.empty();
    }

    /** $KUBECONFIG's files in order, empty entries and repeats dropped (client-go deduplicates the list). */
    static List<Path> listed(String environment) {
        Set<Path> files = new LinkedHashSet<>();
        for (String entry : environment.split(File.pathSeparator, -1)) {
            if (!entry.isEmpty()) {
                files.add(Path.of(entry));
            }
        }
        return List.copyOf(files);
    }

    /** clientcmd's merge: for each name in clusters, users and contexts, and for current-context, the first file wins. */
    static Kubeconfig merge(List<Kubeconfig> inPrecedenceOrder) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        merged.put("apiVersion", "v1").put("kind", "Config");
        for (String list : NAMED_LISTS) {
            ArrayNode entries = merged.putArray(list);
            Set<String> seen = new HashSet<>();
            for (Kubeconfig config : inPrecedenceOrder) {
                if (config.tree().get(list) instanceof ArrayNode array) {
                    for (JsonNode entry : array) {
                        String name = entry.path("name").asText("");
                        if (seen.add(name)) {
                            entries.add(entry.deepCopy());
                        }
                    }
                }
            }
        }
        inPrecedenceOrder.stream().map(Kubeconfig::currentContext).flatMap(Optional::stream).findFirst()
                .ifPresent(current -> merged.put("current-context", current));
        return Kubeconfig.of(merged);
    }

    /** One file, its file references read into data fields. */
    static Kubeconfig read(Path file) {
        Kubeconfig config;
        try {
            config = Kubeconfig.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput("kubeconfig " + file + ": " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        List<JsonNode> bodies = new ArrayList<>();
        config.tree().path("clusters").forEach(c -> bodies.add(c.path("cluster")));
        config.tree().path("users").forEach(u -> bodies.add(u.path("user")));
        for (JsonNode body : bodies) {
            if (body instanceof ObjectNode fields) {
                FILE_FIELDS.forEach((reference, data) -> inline(fields, reference, data, dir, file));
            }
        }
        return config;
    }

    private static void inline(ObjectNode fields, String reference, String data, Path dir, Path file) {
        JsonNode path = fields.get(reference);
        if (path == null || !path.isTextual() || fields.hasNonNull(data)) {
            return;
        }
        Path referenced = dir.resolve(path.asText());
        try {
            fields.put(data, Base64.getEncoder().encodeToString(Files.readAllBytes(referenced)));
        } catch (IOException e) {
            throw new KbootException.InvalidInput("kubeconfig " + file + ": " + reference + " " + referenced
                    + " cannot be read: " + e.getMessage());
        }
        fields.remove(reference);
    }
}
