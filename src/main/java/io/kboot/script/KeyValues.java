package io.kboot.script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a query script printed: {@code key=value} lines, a key possibly repeated ({@code mount=/a},
 * {@code mount=/b}). The key ends at the first {@code =}; key and value are stripped; lines
 * without a key are ignored, so a tool's stray output cannot break the parse.
 */
public record KeyValues(Map<String, List<String>> entries) {
    public KeyValues {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        entries.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        entries = Collections.unmodifiableMap(copy);
    }

    public static KeyValues parse(String output) {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String key = line.substring(0, eq).strip();
                entries.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
        }
        return new KeyValues(entries);
    }

    /** The first value printed for the key. */
    public Optional<String> value(String key) {
        List<String> list = entries.get(key);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    public String value(String key, String otherwise) {
        return value(key).orElse(otherwise);
    }

    /** Every value printed for the key, in order. */
    public List<String> values(String key) {
        return entries.getOrDefault(key, List.of());
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }
}
