package io.kboot.patches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A JSON merge patch (RFC 7386) as evanphx/json-patch v4 applies it for kubeadm: objects merge key
 * by key, a null removes the key, anything else replaces; nulls in values that replace are pruned.
 */
final class MergePatch {
    private MergePatch() {}

    static ObjectNode apply(ObjectNode document, JsonNode patch) {
        if (!patch.isObject()) {
            throw new PatchException("a merge patch must be a map, not " + patch.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        ObjectNode result = document.deepCopy();
        merge(result, (ObjectNode) patch.deepCopy());
        return result;
    }

    private static void merge(ObjectNode document, ObjectNode patch) {
        for (String key : JsonTrees.fieldNames(patch)) {
            JsonNode value = patch.get(key);
            JsonNode current = document.get(key);
            if (value.isNull()) {
                document.remove(key);
            } else if (current == null || current.isNull() || !current.isObject()) {
                document.set(key, JsonTrees.withoutNullFields(value));
            } else if (value.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value);
            } else {
                document.set(key, value);
            }
        }
    }
}
