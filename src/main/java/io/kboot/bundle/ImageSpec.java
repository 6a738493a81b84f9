package io.kboot.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A container image kboot builds: its reference ("registry.k8s.io/pause:3.10.2"), the one layer's
 * entries, and the config's Entrypoint and User. The entries come out sorted, every parent
 * directory present once, so the layer is the same tar for the same inputs.
 */
record ImageSpec(String ref, List<LayerEntry> entries, List<String> entrypoint, Optional<String> user) {

    /** repository[:tag], where the repository has at least a registry host and a name. */
    private static final Pattern REF = Pattern.compile("[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    ImageSpec {
        if (ref == null || !REF.matcher(ref).matches()) {
            throw new IllegalArgumentException("not an image reference with a registry and a tag: " + ref);
        }
        entries = normalized(entries);
        entrypoint = List.copyOf(entrypoint);
        user = user == null ? Optional.empty() : user;
    }

    /** "3.10.2" of "registry.k8s.io/pause:3.10.2". */
    String tag() {
        return ref.substring(ref.lastIndexOf(':') + 1);
    }

    /** "registry.k8s.io/pause". */
    String repository() {
        return ref.substring(0, ref.lastIndexOf(':'));
    }

    /** The archive's file name in a bundle: the repository's last segment, "coredns.tar". */
    String archiveName() {
        String repository = repository();
        return repository.substring(repository.lastIndexOf('/') + 1) + ".tar";
    }

    /** Sorted by path, parent directories added (0755) where the caller did not list them; no path twice. */
    private static List<LayerEntry> normalized(List<LayerEntry> entries) {
        Map<String, LayerEntry> byPath = new TreeMap<>();
        for (LayerEntry entry : entries) {
            if (byPath.put(entry.path(), entry) != null) {
                throw new IllegalArgumentException("two layer entries for " + entry.path());
            }
        }
        List<LayerEntry> parents = new ArrayList<>();
        for (String path : byPath.keySet()) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                LayerEntry existing = byPath.get(parent);
                if (existing == null) {
                    parents.add(new LayerEntry.Dir(parent, 0755));
                } else if (!(existing instanceof LayerEntry.Dir)) {
                    throw new IllegalArgumentException(path + " is below " + parent + ", which is not a directory");
                }
            }
        }
        parents.forEach(dir -> byPath.putIfAbsent(dir.path(), dir));
        return List.copyOf(byPath.values());
    }
}
