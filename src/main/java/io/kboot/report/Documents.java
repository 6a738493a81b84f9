package io.kboot.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A command's result as the JSON Kubernetes' tools print with {@code -o json}: Go's
 * {@code json.MarshalIndent} (the field order the tree has, {@code "key": value}, empty lists as
 * {@code []}), indented by four spaces as kubectl's and kubeadm's printers do, or two as
 * {@code kubeadm version -o json} does.
 */
public final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Documents() {}

    /** Four spaces: kubectl's and kubeadm's object printers ({@code token list}, {@code certs check-expiration}). */
    public static String json(JsonNode document) {
        return write(document, "    ");
    }

    /** Two spaces: {@code kubeadm version -o json}. */
    public static String jsonTwoSpaces(JsonNode document) {
        return write(document, "  ");
    }

    private static String write(JsonNode document, String indent) {
        DefaultPrettyPrinter goIndent = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        DefaultIndenter lines = new DefaultIndenter(indent, "\n");
        goIndent.indentObjectsWith(lines);
        goIndent.indentArraysWith(lines);
        try {
            return JSON.writer(goIndent).writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
