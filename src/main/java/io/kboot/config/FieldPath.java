package io.kboot.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Field paths in the two spellings kboot needs: JSON pointers for lookups, dotted for people. */
final class FieldPath {
    private FieldPath() {}

    /** "/networking/podSubnet" from Jackson's reference chain. */
    static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder p = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            p.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return p.toString();
    }

    /** "bootstrapTokens[0].token" from "/bootstrapTokens/0/token". */
    static String fromPointer(String pointer) {
        StringBuilder field = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                field.append('[').append(part).append(']');
            } else {
                field.append(field.length() == 0 ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return field.toString();
    }

    /** What a Java type means in YAML terms. */
    static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string (quote it if it looks like a number, e.g. \"1.30\")";
        }
        if (type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return "a " + type.getSimpleName();
    }
}
