package io.kboot.patches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** What the patch kinds share on JSON trees. */
final class JsonTrees {
    private JsonTrees() {}

    /** The field names, copied: the caller may change the object while it goes through them. */
    static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Removes every field whose value is null, at every depth, lists' items included (kept
     * themselves, even when null): apimachinery's discardNullValuesFromPatch and evanphx's
     * pruneNulls do the same, for a patch value that lands where there was nothing to delete.
     */
    static JsonNode withoutNullFields(JsonNode value) {
        if (value instanceof ObjectNode object) {
            for (String key : fieldNames(object)) {
                if (object.get(key).isNull()) {
                    object.remove(key);
                } else {
                    withoutNullFields(object.get(key));
                }
            }
        } else if (value.isArray()) {
            value.forEach(JsonTrees::withoutNullFields);
        }
        return value;
    }
}
