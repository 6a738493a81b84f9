package io.kboot.patches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON patch (RFC 6902) as evanphx/json-patch v4 applies it for kubeadm: add, remove, replace,
 * move, copy and test on JSON pointers, negative array indices counted from the end, and v4's
 * leniencies kept (replace of a missing map key adds it; test of a missing key against null passes).
 */
final class JsonPatch {
    private JsonPatch() {}

    static JsonNode apply(JsonNode document, JsonNode patch) {
        if (!patch.isArray()) {
            throw new PatchException("a JSON patch must be a list of operations");
        }
        JsonNode doc = document.deepCopy();
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw new PatchException("a JSON patch operation must be a map: " + op);
            }
            String kind = op.path("op").asText("");
            switch (kind) {
                case "add" -> add(doc, path(op, "path"), value(op));
                case "remove" -> remove(doc, path(op, "path"));
                case "replace" -> doc = replace(doc, path(op, "path"), value(op));
                case "move" -> {
                    String from = path(op, "from");
                    JsonNode moved = get(doc, from);
                    remove(doc, from);
                    add(doc, path(op, "path"), moved);
                }
                case "copy" -> add(doc, path(op, "path"), get(doc, path(op, "from")).deepCopy());
                case "test" -> test(doc, path(op, "path"), op.get("value"));
                default -> throw new PatchException("Unexpected kind: " + kind);
            }
        }
        return doc;
    }

    private static String path(JsonNode op, String field) {
        JsonNode path = op.get(field);
        if (path == null || path.isNull() || !path.isTextual()) {
            throw new PatchException("operation " + op + " has no " + field);
        }
        return path.asText();
    }

    private static JsonNode value(JsonNode op) {
        JsonNode value = op.get("value");
        return value == null ? NullNode.getInstance() : value.deepCopy();
    }

    /** The container a pointer ends in and the last token, or an error naming the path. */
    private record Location(JsonNode container, String key) {}

    private static Location locate(JsonNode doc, String path, String op) {
        String[] split = path.split("/", -1);
        if (split.length < 2) {
            throw new PatchException(op + " operation does not apply: doc is missing path: \"" + path + "\"");
        }
        JsonNode current = doc;
        for (int i = 1; i < split.length - 1; i++) {
            JsonNode next = child(current, decode(split[i]));
            if (next == null || !(next.isObject() || next.isArray())) {
                throw new PatchException(op + " operation does not apply: doc is missing path: \"" + path + "\"");
            }
            current = next;
        }
        return new Location(current, decode(split[split.length - 1]));
    }

    private static JsonNode child(JsonNode container, String key) {
        if (container.isObject()) {
            return container.get(key);
        }
        int index = index(key, container.size());
        return container.get(index);
    }

    private static void add(JsonNode doc, String path, JsonNode value) {
        Location at = locate(doc, path, "add");
        if (at.container() instanceof ObjectNode object) {
            object.set(at.key(), value);
        } else if ("-".equals(at.key())) {
            ((ArrayNode) at.container()).add(value);
        } else {
            ArrayNode array = (ArrayNode) at.container();
            array.insert(index(at.key(), array.size() + 1), value);
        }
    }

    private static void remove(JsonNode doc, String path) {
        Location at = locate(doc, path, "remove");
        if (at.container() instanceof ObjectNode object) {
            if (object.remove(at.key()) == null) {
                throw new PatchException("Unable to remove nonexistent key: " + at.key() + " (path " + path + ")");
            }
        } else {
            ArrayNode array = (ArrayNode) at.container();
            array.remove(index(at.key(), array.size()));
        }
    }

    private static JsonNode replace(JsonNode doc, String path, JsonNode value) {
        if (path.isEmpty()) {
            if (!value.isObject() && !value.isArray()) {
                throw new PatchException("replace operation value must be object or array");
            }
            return value;
        }
        Location at = locate(doc, path, "replace");
        if (at.container() instanceof ObjectNode object) {
            object.set(at.key(), value);
        } else {
            ArrayNode array = (ArrayNode) at.container();
            array.set(index(at.key(), array.size()), value);
        }
        return doc;
    }

    private static JsonNode get(JsonNode doc, String path) {
        Location at = locate(doc, path, "get");
        JsonNode value = child(at.container(), at.key());
        if (value == null) {
            throw new PatchException("doc is missing key: " + path);
        }
        return value;
    }

    private static void test(JsonNode doc, String path, JsonNode expected) {
        JsonNode actual = doc;
        if (!path.isEmpty()) {
            Location at = locate(doc, path, "test");
            actual = child(at.container(), at.key());
        }
        boolean expectedAbsent = expected == null || expected.isNull();
        boolean equal = actual == null ? expectedAbsent : expected != null && StrategicMerge.valueEqual(actual, expected);
        if (!equal) {
            throw new PatchException("testing value " + path + " failed");
        }
    }

    /** An array index as v4 reads it: a number, negative ones counted from the end, within {@code size}. */
    private static int index(String key, int size) {
        int index;
        try {
            index = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new PatchException("value was not a proper array index: '" + key + "'");
        }
        if (index < 0) {
            if (index < -size) {
                throw new PatchException("Unable to access invalid index: " + index);
            }
            index += size;
        }
        if (index >= size) {
            throw new PatchException("Unable to access invalid index: " + index);
        }
        return index;
    }

    private static String decode(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
