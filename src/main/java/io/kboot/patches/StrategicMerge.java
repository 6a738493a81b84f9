package io.kboot.patches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A strategic merge patch applied as kubeadm applies it: apimachinery's
 * {@code strategicpatch.StrategicMergePatch} (v0.36) with its options for applying a patch
 * (deletion lists merged, nulls that match nothing ignored), ported step for step so that a list's
 * order comes out as kubeadm's does. Maps merge key by key and a null deletes; a list merges by its
 * merge key where the schema says so and is replaced otherwise; the directives {@code $patch}
 * (replace, delete), {@code $retainKeys}, {@code $setElementOrder/<list>} and
 * {@code $deleteFromPrimitiveList/<list>} are honoured.
 */
final class StrategicMerge {
    static final String DIRECTIVE = "$patch";
    private static final String REPLACE = "replace";
    private static final String DELETE = "delete";
    private static final String MERGE = "merge";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder";

    private StrategicMerge() {}

    /** {@code patch} applied to a copy of {@code original}; neither is changed. */
    static ObjectNode apply(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        return mergeMap(original.deepCopy(), patch.deepCopy(), schema);
    }

    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        if (patch.has(DIRECTIVE)) {
            return mapDirective(patch);
        }
        applyRetainKeys(original, patch);
        mergeOrderedLists(original, patch, schema);
        for (String key : JsonTrees.fieldNames(patch)) {
            JsonNode patchValue = patch.get(key);
            boolean deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
            if (deleteList) {
                key = keyAfter(key, DELETE_FROM_PRIMITIVE_LIST);
            }
            if (patchValue.isNull()) {
                original.remove(key);
                continue;
            }
            JsonNode current = original.get(key);
            if (current == null || kind(current) != kind(patchValue)) {
                if (!deleteList) {
                    putWithoutDirectives(original, key, JsonTrees.withoutNullFields(patchValue));
                }
                continue;
            }
            PatchSchema.Field field = schema.field(key);
            if (current.isObject()) {
                original.set(key, mergeMap((ObjectNode) current, (ObjectNode) patchValue, field.type()));
            } else if (current.isArray()) {
                original.set(key, field.merge() || deleteList
                        ? mergeList(list(current), list(patchValue), field.type(), field.mergeKey(), deleteList)
                        : patchValue);
            } else {
                original.set(key, patchValue);
            }
        }
        return original;
    }

    /** {@code $patch: replace} takes the patch as it is; {@code $patch: delete} leaves an empty map. */
    private static ObjectNode mapDirective(ObjectNode patch) {
        String directive = patch.get(DIRECTIVE).asText();
        if (REPLACE.equals(directive)) {
            patch.remove(DIRECTIVE);
            return patch;
        }
        if (DELETE.equals(directive)) {
            return JsonNodeFactory.instance.objectNode();
        }
        throw new PatchException("Unknown patch type: " + patch.get(DIRECTIVE) + " in map: " + patch);
    }

    /** {@code $retainKeys}: the original keeps only the listed keys, and the patch may set no other. */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw new PatchException("invalid patch: the value of " + RETAIN_KEYS + " must be a list");
        }
        Set<JsonNode> keys = new HashSet<>();
        retain.forEach(keys::add);
        for (String key : JsonTrees.fieldNames(patch)) {
            if (!patch.get(key).isNull() && !key.startsWith(DELETE_FROM_PRIMITIVE_LIST) && !key.startsWith(SET_ELEMENT_ORDER)
                    && !keys.contains(JsonNodeFactory.instance.textNode(key))) {
                throw new PatchException("invalid patch: field " + key + " is not in its " + RETAIN_KEYS + " list");
            }
        }
        for (String key : JsonTrees.fieldNames(original)) {
            if (!keys.contains(JsonNodeFactory.instance.textNode(key))) {
                original.remove(key);
            }
        }
    }

    /**
     * {@code $setElementOrder/<list>}: the list is merged, then put in the given order (apimachinery's
     * mergePatchIntoOriginal).
     */
    private static void mergeOrderedLists(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        for (String key : JsonTrees.fieldNames(patch)) {
            if (!key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            JsonNode order = patch.remove(key);
            if (!order.isArray()) {
                throw new PatchException("invalid patch: the value of " + key + " must be a list");
            }
            String listKey = keyAfter(key, SET_ELEMENT_ORDER);
            PatchSchema.Field field = schema.field(listKey);
            JsonNode originalList = original.get(listKey);
            JsonNode patchList = patch.get(listKey);
            if (originalList != null && !originalList.isArray() || patchList != null && !patchList.isArray()) {
                throw new PatchException("invalid patch: " + listKey + " is not a list");
            }
            List<JsonNode> orderItems = list(order);
            checkOrder(patchList == null ? List.of() : list(patchList), orderItems, field.mergeKey());
            List<JsonNode> merged;
            if (originalList == null && patchList == null) {
                continue;
            } else if (patchList == null) {
                merged = list(originalList);
            } else if (originalList == null) {
                merged = list(withoutDirectives(patchList));
            } else {
                merged = field.merge()
                        ? list(mergeList(list(originalList), list(patchList), field.type(), field.mergeKey(), false))
                        : list(patchList);
            }
            List<JsonNode> originalItems = originalList == null ? List.of() : list(originalList);
            List<JsonNode> fromPatch = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            partition(merged, orderItems, field.mergeKey(), fromPatch, serverOnly);
            boolean maps = elementsAreMaps(originalItems, patchList == null ? List.of() : list(patchList));
            original.set(listKey,
                    array(normalizeOrder(fromPatch, serverOnly, orderItems, originalItems, field.mergeKey(), maps)));
            patch.remove(listKey);
        }
    }

    /** The patch's items must appear in the order list, in its order (apimachinery's validatePatchWithSetOrderList). */
    private static void checkOrder(List<JsonNode> patchItems, List<JsonNode> order, String mergeKey) {
        if (patchItems.isEmpty() || order.isEmpty()) {
            return;
        }
        List<JsonNode> kept = mergeKey.isEmpty() ? patchItems : patchItems.stream().filter(i -> !isDeleteDirective(i)).toList();
        int p = 0;
        int o = 0;
        while (p < kept.size() && o < order.size()) {
            if (kept.get(p).has(DIRECTIVE)) {
                p++;
                continue;
            }
            if (mergeKeyEqual(kept.get(p), order.get(o), mergeKey)) {
                p++;
            }
            o++;
        }
        if (p < kept.size()) {
            throw new PatchException(
                    "The order in patch list: " + patchItems + " doesn't match " + SET_ELEMENT_ORDER + " list: " + order);
        }
    }

    private static ArrayNode mergeList(List<JsonNode> original, List<JsonNode> patch, PatchSchema schema, String mergeKey,
            boolean deleteList) {
        if (original.isEmpty() && patch.isEmpty()) {
            return array(original);
        }
        boolean maps = elementsAreMaps(original, patch);
        List<JsonNode> merged;
        if (!maps) {
            if (deleteList) {
                Set<JsonNode> gone = new HashSet<>(patch);
                return array(original.stream().filter(v -> !gone.contains(v)).toList());
            }
            List<JsonNode> both = new ArrayList<>(original);
            both.addAll(patch);
            merged = deduplicateScalars(both);
        } else {
            if (mergeKey.isEmpty()) {
                throw new PatchException("cannot merge lists without merge key for " + schema.name());
            }
            List<JsonNode> remaining = new ArrayList<>(original);
            List<JsonNode> plain = new ArrayList<>();
            boolean replace = false;
            for (JsonNode item : patch) {
                if (!item.has(DIRECTIVE)) {
                    plain.add(item);
                    continue;
                }
                String directive = item.get(DIRECTIVE).asText();
                if (DELETE.equals(directive)) {
                    JsonNode value = item.get(mergeKey);
                    if (value == null) {
                        throw noMergeKey(item, mergeKey);
                    }
                    remaining.removeIf(o -> o.isObject() && valueEqual(o.get(mergeKey), value));
                } else if (REPLACE.equals(directive)) {
                    replace = true;
                } else if (MERGE.equals(directive)) {
                    throw new PatchException("merging lists cannot yet be specified in the patch");
                } else {
                    throw new PatchException("Unknown patch type: " + item.get(DIRECTIVE) + " in map: " + item);
                }
            }
            if (replace) {
                remaining = plain;
                plain = new ArrayList<>();
            }
            original = remaining;
            patch = plain;
            merged = new ArrayList<>(remaining);
            for (JsonNode item : plain) {
                JsonNode value = item.get(mergeKey);
                if (value == null) {
                    throw noMergeKey(item, mergeKey);
                }
                int at = indexOfKeyValue(merged, mergeKey, value);
                if (at >= 0) {
                    merged.set(at, mergeMap((ObjectNode) merged.get(at), (ObjectNode) item, schema));
                } else {
                    merged.add(item);
                }
            }
        }
        List<JsonNode> fromPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        partition(merged, patch, mergeKey, fromPatch, serverOnly);
        return array(normalizeOrder(fromPatch, serverOnly, patch, original, mergeKey, maps));
    }

    /** Go's deduplicateScalars, order effects included: a duplicate's place is taken by the last item. */
    private static List<JsonNode> deduplicateScalars(List<JsonNode> items) {
        List<JsonNode> s = new ArrayList<>(items);
        int length = s.size() - 1;
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j <= length; j++) {
                if (valueEqual(s.get(i), s.get(j))) {
                    s.set(j, s.get(length));
                    s.remove(length);
                    length--;
                    j--;
                }
            }
        }
        return s;
    }

    private static void partition(List<JsonNode> merged, List<JsonNode> by, String mergeKey, List<JsonNode> in,
            List<JsonNode> out) {
        for (JsonNode item : merged) {
            boolean found;
            if (mergeKey.isEmpty()) {
                found = by.stream().anyMatch(b -> valueEqual(b, item));
            } else {
                JsonNode value = item.get(mergeKey);
                if (!item.isObject() || value == null) {
                    throw noMergeKey(item, mergeKey);
                }
                found = indexOfKeyValue(by, mergeKey, value) >= 0;
            }
            (found ? in : out).add(item);
        }
    }

    /**
     * apimachinery's normalizeElementOrder: the patch's items in the patch's order, the others in
     * the original's, then the two interleaved by the original's order.
     */
    private static List<JsonNode> normalizeOrder(List<JsonNode> fromPatch, List<JsonNode> serverOnly, List<JsonNode> patchOrder,
            List<JsonNode> serverOrder, String mergeKey, boolean maps) {
        List<JsonNode> left = sortByOrder(serverOnly, serverOrder, mergeKey, maps);
        List<JsonNode> right = sortByOrder(fromPatch, patchOrder, mergeKey, maps);
        List<JsonNode> all = new ArrayList<>(left.size() + right.size());
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i >= left.size()) {
                all.add(right.get(j++));
            } else if (j >= right.size()) {
                all.add(left.get(i++));
            } else {
                int li = index(serverOrder, left.get(i), mergeKey, maps);
                int ri = index(serverOrder, right.get(j), mergeKey, maps);
                if (li >= 0 && ri >= 0 && li < ri) {
                    all.add(left.get(i++));
                } else {
                    all.add(right.get(j++));
                }
            }
        }
        return all;
    }

    /** apimachinery's normalizeSliceOrder, with Go's sort.SliceStable and its comparison as they are. */
    private static List<JsonNode> sortByOrder(List<JsonNode> items, List<JsonNode> order, String mergeKey, boolean maps) {
        List<JsonNode> toSort = new ArrayList<>(items);
        List<JsonNode> deletions = new ArrayList<>();
        if (maps) {
            for (JsonNode item : toSort) {
                requireMergeKey(item, mergeKey);
            }
            for (JsonNode item : order) {
                requireMergeKey(item, mergeKey);
            }
            deletions = toSort.stream().filter(StrategicMerge::isDeleteDirective).toList();
            toSort = new ArrayList<>(toSort.stream().filter(i -> !isDeleteDirective(i)).toList());
        }
        List<JsonNode> sorted = toSort;
        GoStableSort.sort(sorted, (a, b) -> {
            int ia = index(order, sorted.get(a), mergeKey, maps);
            if (ia >= 0) {
                int ib = index(order, sorted.get(b), mergeKey, maps);
                if (ib >= 0) {
                    return ia < ib;
                }
            }
            return true;
        });
        sorted.addAll(deletions);
        return sorted;
    }

    private static int index(List<JsonNode> list, JsonNode item, String mergeKey, boolean maps) {
        JsonNode wanted = maps ? item.get(mergeKey) : item;
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = maps ? list.get(i).get(mergeKey) : list.get(i);
            if (wanted == null ? candidate == null : valueEqual(wanted, candidate)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfKeyValue(List<JsonNode> list, String mergeKey, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw new PatchException("value for key " + i + " is not a map");
            }
            if (valueEqual(item.get(mergeKey), value)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDeleteDirective(JsonNode item) {
        return item.isObject() && DELETE.equals(item.path(DIRECTIVE).asText(null));
    }

    private static boolean mergeKeyEqual(JsonNode left, JsonNode right, String mergeKey) {
        if (mergeKey.isEmpty()) {
            return valueEqual(left, right);
        }
        return valueEqual(requireMergeKey(left, mergeKey), requireMergeKey(right, mergeKey));
    }

    private static JsonNode requireMergeKey(JsonNode item, String mergeKey) {
        JsonNode value = item.isObject() ? item.get(mergeKey) : null;
        if (value == null) {
            throw noMergeKey(item, mergeKey);
        }
        return value;
    }

    private static PatchException noMergeKey(JsonNode item, String mergeKey) {
        return new PatchException("map: " + item + " does not contain declared merge key: " + mergeKey);
    }

    /** Go's == on decoded JSON values: numbers are all float64, so 80 and 80.0 are equal. */
    static boolean valueEqual(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** Whether the lists hold maps; apimachinery's sliceElementType, which refuses mixed lists and lists of lists. */
    private static boolean elementsAreMaps(List<JsonNode> a, List<JsonNode> b) {
        Kind kind = null;
        for (List<JsonNode> list : List.of(a, b)) {
            for (JsonNode item : list) {
                Kind k = kind(item);
                if (kind == null) {
                    if (k == Kind.LIST) {
                        throw new PatchException("lists of lists are not supported");
                    }
                    kind = k;
                } else if (kind != k) {
                    throw new PatchException("list element types are not identical: " + a + " " + b);
                }
            }
        }
        if (kind == null) {
            throw new PatchException("no elements in any of the given slices");
        }
        return kind == Kind.MAP;
    }

    private enum Kind { MAP, LIST, STRING, NUMBER, BOOLEAN, NULL }

    /** The Go type a JSON value decodes to, which decides whether two values merge or one replaces the other. */
    private static Kind kind(JsonNode node) {
        if (node.isObject()) {
            return Kind.MAP;
        } else if (node.isArray()) {
            return Kind.LIST;
        } else if (node.isNumber()) {
            return Kind.NUMBER;
        } else if (node.isBoolean()) {
            return Kind.BOOLEAN;
        } else if (node.isNull()) {
            return Kind.NULL;
        }
        return Kind.STRING;
    }

    private static void putWithoutDirectives(ObjectNode target, String key, JsonNode value) {
        JsonNode cleaned = withoutDirectives(value);
        if (cleaned == null) {
            target.remove(key);
        } else {
            target.set(key, cleaned);
        }
    }

    /** apimachinery's removeDirectives: a map holding {@code $patch} is dropped, in lists too; null if the value itself goes. */
    private static JsonNode withoutDirectives(JsonNode value) {
        if (value.isObject()) {
            if (value.has(DIRECTIVE)) {
                return null;
            }
            ObjectNode object = (ObjectNode) value;
            for (String key : JsonTrees.fieldNames(object)) {
                JsonNode cleaned = withoutDirectives(object.get(key));
                if (cleaned == null) {
                    object.remove(key);
                } else {
                    object.set(key, cleaned);
                }
            }
            return object;
        }
        if (value.isArray()) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> {
                JsonNode cleaned = withoutDirectives(item);
                if (cleaned != null) {
                    kept.add(cleaned);
                }
            });
            return kept;
        }
        return value;
    }

    private static String keyAfter(String key, String prefix) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw new PatchException("invalid patch: " + key + " must be " + prefix + "/<list name>");
        }
        return key.substring(slash + 1);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        items.forEach(array::add);
        return array;
    }
}
