package io.kboot.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.kboot.KbootException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a multi-document YAML file of kubeadm v1beta4 documents (InitConfiguration,
 * ClusterConfiguration, JoinConfiguration, UpgradeConfiguration, KubeletConfiguration,
 * KubeProxyConfiguration) and
 * kboot's Cluster document. Fields are checked strictly, as kubeadm does: an unknown field or a
 * value of the wrong type is an error naming the document, the field and the YAML line and column.
 */
public final class ConfigLoader {
    static final ObjectMapper YAML = strictMapper();
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate (?:field|Object property) '(.*)'", Pattern.DOTALL);

    private ConfigLoader() {}

    /** @throws KbootException.InvalidInput if the file cannot be read or is not a valid config */
    public static ConfigDocuments load(Path file) {
        return parse(file.toString(), InputLimits.readConfig(file));
    }

    public static ConfigDocuments parse(String source, String text) {
        InputLimits.requireConfigSize(source, text);
        List<SourceDocument> documents = split(source, text);
        ConfigDocuments.Builder result = new ConfigDocuments.Builder(source);
        for (SourceDocument document : documents) {
            bind(document, result);
        }
        return result.build();
    }

    private static void bind(SourceDocument doc, ConfigDocuments.Builder result) {
        JsonNode node = doc.node();
        if (!node.isObject()) {
            throw doc.errorAt("", "a config document must be a mapping with apiVersion and kind");
        }
        String apiVersion = node.path("apiVersion").asText("");
        String kind = node.path("kind").asText("");
        if (kind.isEmpty()) {
            throw doc.errorAt("", "document has no kind (expected one of " + DocumentKind.knownKinds() + ")");
        }
        DocumentKind type = DocumentKind.of(kind).orElseThrow(() -> doc.errorAt("/kind",
                "unknown kind " + Echo.quote(kind) + " (expected one of " + DocumentKind.knownKinds() + ")"));
        if (!type.apiVersion().equals(apiVersion)) {
            throw doc.errorAt("/apiVersion", kind + " must have apiVersion " + type.apiVersion() + ", got "
                    + Echo.quote(apiVersion)
                    + (apiVersion.startsWith("kubeadm.k8s.io/") ? " (convert older files with: kubeadm config migrate)" : ""));
        }
        if (type.javaType() == null) {
            // Component configs (kubelet, kube-proxy) are passed through to the component as they are.
            result.add(type, node, doc);
            return;
        }
        try {
            result.add(type, YAML.treeToValue(node, type.javaType()), doc);
        } catch (JsonProcessingException e) {
            throw doc.bindError(kind, e);
        }
    }

    /** Splits the file into documents, keeping where each field sits in the text. */
    private static List<SourceDocument> split(String source, String text) {
        List<SourceDocument> documents = new ArrayList<>();
        JsonParser parser;
        try {
            parser = YAML.getFactory().createParser(text);
        } catch (IOException e) {
            throw new KbootException.InvalidInput("cannot read config " + source + ": " + e.getMessage());
        }
        try (parser) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonLocation start = parser.currentTokenLocation();
                if (token == JsonToken.VALUE_NULL) {
                    continue; // an empty document, e.g. after a trailing "---"
                }
                Map<String, JsonLocation> locations = new HashMap<>();
                TokenBuffer buffer = new TokenBuffer(parser, null);
                int depth = 0;
                do {
                    token = parser.currentToken();
                    locations.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(), parser.currentTokenLocation());
                    refuseAlias(source, parser);
                    refuseLongScalar(source, parser);
                    copy(source, parser, buffer);
                    depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                } while (depth > 0 && parser.nextToken() != null);
                JsonNode node = YAML.readTree(buffer.asParser(YAML));
                documents.add(new SourceDocument(source, documents.size(), start, locations, node));
            }
        } catch (StreamConstraintsException e) {
            // A limit of InputLimits; Jackson gives it no location, the parser still knows where it is.
            JsonLocation at = parser.currentLocation();
            throw new KbootException.InvalidInput(
                    source + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": too large or too deep: "
                            + e.getOriginalMessage().replaceFirst(" \\(.*", "").replaceFirst(", from `.*", ""));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("");
            Matcher duplicate = DUPLICATE_FIELD.matcher(message);
            throw new KbootException.InvalidInput(source + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + (duplicate.matches() ? ": duplicate field \"" + InputLimits.prefix(duplicate.group(1))
                            + "\" (kubeadm refuses a key given twice in one mapping)" : ": invalid YAML: " + message));
        } catch (IOException e) {
            throw new KbootException.InvalidInput("cannot read config " + source + ": " + e.getMessage());
        }
        return documents;
    }

    /**
     * Jackson's YAML parser hands an alias ({@code *name}) over as the text "name", so
     * {@code dnsDomain: *n} would silently become "n". kubeadm's decoder resolves aliases; kboot
     * refuses them (and the merge keys built on them) with their place, rather than guess.
     */
    private static void refuseAlias(String source, JsonParser parser) throws IOException {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            JsonLocation at = parser.currentTokenLocation();
            throw new KbootException.InvalidInput(source + ":" + at.getLineNr() + ":" + at.getColumnNr()
                    + ": YAML alias *" + InputLimits.prefix(yaml.getText())
                    + " is not supported: write the value out where it is used");
        }
    }

    /** Jackson's string-length limit is not applied to YAML scalars; this one is. */
    private static void refuseLongScalar(String source, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME)
                && parser.getTextLength() > InputLimits.MAX_SCALAR_CHARS) {
            JsonLocation at = parser.currentTokenLocation();
            throw new KbootException.InvalidInput(source + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": a value of "
                    + parser.getTextLength() + " characters; no field takes more than " + InputLimits.MAX_SCALAR_CHARS);
        }
    }

    /**
     * Copies one event. Numbers are decoded here: YAML's .inf and .nan reach Jackson as floats it
     * cannot decode (a NumberFormatException, not a parse error), and no field of kubeadm's
     * documents, the passed-through component configs included, takes them.
     */
    private static void copy(String source, JsonParser parser, TokenBuffer buffer) throws IOException {
        boolean finite;
        try {
            // Decoded now: Jackson defers it to the tree, far from the place to name.
            finite = parser.currentToken() != JsonToken.VALUE_NUMBER_FLOAT || Double.isFinite(parser.getDoubleValue());
        } catch (NumberFormatException | JsonParseException e) {
            finite = false;
        }
        if (!finite) {
            JsonLocation at = parser.currentTokenLocation();
            throw new KbootException.InvalidInput(source + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": "
                    + InputLimits.quote(parser.getText()) + " is not a finite number (YAML's .inf and .nan are"
                    + " no value of kubeadm's documents)");
        }
        buffer.copyCurrentEvent(parser);
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper(InputLimits.yamlFactory()
                // kubeadm's decoder refuses a key given twice; Jackson would keep the last one.
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // kubeadm rejects `kubernetesVersion: 1.30` (a number, which would silently become "1.3").
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // Go's JSON decoder refuses `bindPort: 6443.9` and `bindPort: "6443"` for an int32; Jackson would
        // truncate the one and parse the other.
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        // `taints: [null]` would reach List.copyOf (a NullPointerException mid-run); a null item or
        // map value is refused where it is written.
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        return mapper;
    }

    /** One YAML document of a config file, with the location of each of its fields. */
    record SourceDocument(String source, int index, JsonLocation start, Map<String, JsonLocation> locations, JsonNode node) {

        /** "file:line:col" of the field at a JSON pointer, or of the nearest enclosing field. */
        String where(String pointer) {
            String p = pointer;
            while (true) {
                JsonLocation at = locations.get(p);
                if (at != null) {
                    return source + ":" + at.getLineNr() + ":" + at.getColumnNr();
                }
                if (p.isEmpty()) {
                    return source + ":" + start.getLineNr() + ":" + start.getColumnNr();
                }
                p = p.substring(0, p.lastIndexOf('/'));
            }
        }

        String kind() {
            return node.path("kind").asText("document " + (index + 1));
        }

        /** An error about the document itself, located at a field. */
        KbootException.InvalidInput errorAt(String pointer, String message) {
            return new KbootException.InvalidInput(where(pointer) + ": " + message);
        }

        KbootException.InvalidInput bindError(String kind, JsonProcessingException e) {
            List<JsonMappingException.Reference> path = e instanceof JsonMappingException m ? m.getPath() : List.of();
            String pointer = FieldPath.pointer(path);
            if (e instanceof UnrecognizedPropertyException u) {
                String parent = FieldPath.fromPointer(pointer.substring(0, Math.max(0, pointer.lastIndexOf('/'))));
                String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(String::valueOf)
                        .sorted().collect(Collectors.joining(", "));
                return new KbootException.InvalidInput(where(pointer) + ": unknown field \"" + u.getPropertyName() + "\" in "
                        + kind + (parent.isEmpty() ? "" : " " + parent)
                        + (known.isEmpty() ? "" : " (known fields: " + known + ")"));
            }
            if (e instanceof InvalidNullException) {
                return new KbootException.InvalidInput(where(pointer) + ": " + kind + " " + FieldPath.fromPointer(pointer)
                        + ": null is not allowed here (remove the item or give it a value)");
            }
            String expected = e instanceof MismatchedInputException m && m.getTargetType() != null
                    ? "expected " + FieldPath.describe(m.getTargetType()) : e.getOriginalMessage().lines().findFirst().orElse("");
            return new KbootException.InvalidInput(where(pointer) + ": " + kind + " " + FieldPath.fromPointer(pointer)
                    + ": invalid value: " + expected);
        }
    }

    /** The documents this loader understands. */
    enum DocumentKind {
        INIT("InitConfiguration", Kubeadm.API_VERSION, Kubeadm.InitConfiguration.class),
        CLUSTER_CONFIGURATION("ClusterConfiguration", Kubeadm.API_VERSION, Kubeadm.ClusterConfiguration.class),
        JOIN("JoinConfiguration", Kubeadm.API_VERSION, Kubeadm.JoinConfiguration.class),
        UPGRADE("UpgradeConfiguration", Kubeadm.API_VERSION, Kubeadm.UpgradeConfiguration.class),
        KUBELET("KubeletConfiguration", "kubelet.config.k8s.io/v1beta1", null),
        KUBE_PROXY("KubeProxyConfiguration", "kubeproxy.config.k8s.io/v1alpha1", null),
        CLUSTER(ClusterFile.KIND, ClusterFile.API_VERSION, ClusterFile.class);

        private final String kind;
        private final String apiVersion;
        private final Class<?> javaType;

        DocumentKind(String kind, String apiVersion, Class<?> javaType) {
            this.kind = kind;
            this.apiVersion = apiVersion;
            this.javaType = javaType;
        }

        String kind() {
            return kind;
        }

        String apiVersion() {
            return apiVersion;
        }

        Class<?> javaType() {
            return javaType;
        }

        static Optional<DocumentKind> of(String kind) {
            for (DocumentKind k : values()) {
                if (k.kind.equals(kind)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }

        static String knownKinds() {
            return Arrays.stream(values()).map(DocumentKind::kind).collect(Collectors.joining(", "));
        }
    }

    static ObjectNode copyOf(JsonNode node) {
        return ((ObjectNode) node).deepCopy();
    }
}
