package io.kboot.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files rendered onto hosts, from the top-level {@code templates/} directory (in the jar under
 * {@code templates/}). Placeholders are {@code {{name}}}; a placeholder without a value is an error.
 */
public final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z0-9_.-]+)}}");

    /**
     * YAML as Kubernetes' own tools write it (sigs.k8s.io/yaml): keys sorted, lists not indented
     * under their key, quotes only where needed, no document marker, long lines never folded.
     */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .stringQuotingChecker(new BlockStyleQuoting())
            .build()).configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);

    /**
     * Jackson quotes any value with a comma, as if every value sat in a flow collection; in block
     * style ("- --controllers=*,bootstrapsigner") a comma is plain text, and kubeadm leaves it bare.
     */
    private static final class BlockStyleQuoting extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean valueHasQuotableChar(String value) {
            return super.valueHasQuotableChar(value.replace(',', '_'));
        }
    }

    private static final Map<String, String> LOADED = new ConcurrentHashMap<>();

    private Templates() {}

    /** Renders a YAML template and parses it, for code to fill in the parts that are lists. */
    public static ObjectNode renderTree(String name, Map<String, String> values) {
        try {
            return (ObjectNode) YAML.readTree(render(name, values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template " + name + " is not valid YAML once rendered: " + e.getOriginalMessage(),
                    e);
        }
    }

    /** Renders a multi-document YAML template into one tree per document (empty documents skipped). */
    public static List<ObjectNode> renderTrees(String name, Map<String, String> values) {
        try (var parser = YAML.getFactory().createParser(render(name, values))) {
            List<ObjectNode> documents = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node instanceof ObjectNode object) {
                    documents.add(object);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new IllegalStateException("template " + name + " is not valid YAML once rendered: " + e.getMessage(), e);
        }
    }

    /** A tree as Kubernetes-style YAML (see {@link #YAML}). */
    public static String toYaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses YAML text into a tree. */
    public static JsonNode parseYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    public static String render(String name, Map<String, String> values) {
        return fill(name, load(name), values);
    }

    /** Fills the placeholders of a template's text (loaded and perhaps trimmed by the caller); {@code name} is for errors. */
    public static String fill(String name, String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + name + ": no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static String load(String name) {
        // Host scripts are built from many small templates, some per line (a module, an undo record): read each once.
        return LOADED.computeIfAbsent(name, Templates::read);
    }

    private static String read(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/templates/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template not found in the jar: templates/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
