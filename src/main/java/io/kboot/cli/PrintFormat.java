package io.kboot.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.report.Documents;
import io.kboot.templates.Templates;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -o text|json|yaml} for commands that print a result, as kubeadm's {@code token list} and
 * {@code certs check-expiration} have it: a table by default, else kubeadm's output documents
 * ({@code output.kubeadm.k8s.io/v1alpha3}), one per object as kubectl's printers write several: JSON
 * objects one after the other, YAML documents separated by {@code ---}.
 */
final class PrintFormat {
    /** kubeadm's output API, whose kinds and field names kboot's documents follow. */
    static final String API_VERSION = "output.kubeadm.k8s.io/v1alpha3";

    enum Format { text, json, yaml }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: text, a table).")
    Format format = Format.text;

    boolean isText() {
        return format == Format.text;
    }

    /** The documents in the chosen structured format. */
    void print(PrintWriter out, List<ObjectNode> documents) {
        boolean first = true;
        for (ObjectNode document : documents) {
            if (format == Format.yaml) {
                out.print(first ? "" : "---\n");
                out.print(Templates.toYaml(document));
            } else {
                out.print(Documents.json(document));
            }
            first = false;
        }
        out.flush();
    }

    /** A document of kubeadm's output API: kind and apiVersion first, as Go's TypeMeta writes them. */
    static ObjectNode document(String kind) {
        return JsonNodeFactory.instance.objectNode().put("kind", kind).put("apiVersion", API_VERSION);
    }
}
