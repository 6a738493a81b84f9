package io.kboot.api;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code status.conditions} of an API object (a Node, a Pod). */
public final class Conditions {
    private Conditions() {}

    /** Whether the object's condition of this type (e.g. "Ready") is "True"; false when it has none. */
    public static boolean isTrue(JsonNode object, String type) {
        for (JsonNode c : object.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }
}
