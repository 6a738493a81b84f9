package io.kboot.patches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML read as kubeadm reads a patch file: sigs.k8s.io/yaml's YAMLToJSON over go-yaml v2, YAML 1.1.
 * An unquoted y, yes, on, n, no, off is a boolean, 0755 is octal, 1_000 is a thousand, a number is
 * a JSON number with no ".0" when whole, and a map's non-string keys become strings ("true", "1").
 * Jackson's YAML reads all of those as YAML 1.2 or as text; a patch that says {@code enabled: yes}
 * must mean to kboot what it means to kubeadm. Timestamps and merge keys ({@code <<}) stay text.
 */
final class GoYaml {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** A scalar that resolved to null (before WORDS, which holds it). */
    private static final Object NULL = new Object();
    /** go-yaml v2's resolveMap: the words a plain scalar is a boolean, null or special float by. */
    private static final Map<String, Object> WORDS = words();
    private static final Pattern FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final BigDecimal JSON_INTEGER_LIMIT = new BigDecimal("1e21");
    /** SnakeYAML's own resolution, only to tell an explicit tag from the one a scalar would get anyway. */
    private static final Resolver RESOLVER = new Resolver();

    private GoYaml() {}

    private static Map<String, Object> words() {
        Map<String, Object> m = new HashMap<>();
        for (String s : List.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")) {
            m.put(s, Boolean.TRUE);
        }
        for (String s : List.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")) {
            m.put(s, Boolean.FALSE);
        }
        for (String s : List.of("", "~", "null", "Null", "NULL")) {
            m.put(s, NULL);
        }
        for (String s : List.of(".nan", ".NaN", ".NAN")) {
            m.put(s, Double.NaN);
        }
        for (String s : List.of(".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")) {
            m.put(s, Double.POSITIVE_INFINITY);
        }
        for (String s : List.of("-.inf", "-.Inf", "-.INF")) {
            m.put(s, Double.NEGATIVE_INFINITY);
        }
        return Map.copyOf(m);
    }

    /**
     * One tree per document; documents that are empty or only comments are left out.
     *
     * @throws PatchException saying what is not valid YAML or has no JSON form
     */
    static List<JsonNode> documents(String text) {
        List<JsonNode> documents = new ArrayList<>();
        try {
            for (Node node : new Yaml(new LoaderOptions()).composeAll(new StringReader(text))) {
                JsonNode json = node == null ? null : toJson(node);
                if (json != null && !json.isNull()) {
                    documents.add(json);
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof PatchException p) {
                throw p;
            }
            throw new PatchException("not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return documents;
    }

    private static JsonNode toJson(Node node) {
        if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                object.set(key(tuple.getKeyNode()), toJson(tuple.getValueNode()));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            sequence.getValue().forEach(item -> array.add(toJson(item)));
            return array;
        }
        return json(scalar((ScalarNode) node));
    }

    /** sigs.k8s.io/yaml's key conversion: a resolved boolean, number or text as JSON's string key. */
    private static String key(Node node) {
        if (!(node instanceof ScalarNode scalarNode)) {
            throw new PatchException("unsupported map key: " + node.getNodeId());
        }
        Object value = scalar(scalarNode);
        if (value == NULL) {
            throw new PatchException("unsupported map key: null");
        }
        if (value instanceof Double d) {
            // Go formats these keys as float32 ('g', shortest).
            return d.isNaN() ? ".nan" : d.isInfinite() ? (d > 0 ? ".inf" : "-.inf") : goFloat32(d.floatValue());
        }
        return value.toString();
    }

    private static String goFloat32(float f) {
        BigDecimal d = new BigDecimal(Float.toString(f)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 21) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        return d.toPlainString();
    }

    /** The value go-yaml v2 resolves a scalar to: Boolean, BigInteger, Double, NULL or String. */
    private static Object scalar(ScalarNode node) {
        String text = node.getValue();
        boolean plain = node.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        Tag implicit = RESOLVER.resolve(NodeId.scalar, text, plain);
        if (!node.getTag().equals(implicit)) {
            // An explicit tag: !!str keeps the text; any other is resolved as a plain scalar would be.
            return node.getTag().equals(Tag.STR) ? text : resolve(text);
        }
        return plain ? resolve(text) : text;
    }

    private static Object resolve(String in) {
        if (WORDS.containsKey(in)) {
            return WORDS.get(in);
        }
        char first = in.isEmpty() ? 'N' : in.charAt(0);
        if (first == '.') {
            return parseFloat(in, in);
        }
        if (first == '+' || first == '-' || Character.isDigit(first) && first < 128) {
            String plain = in.replace("_", "");
            BigInteger integer = parseGoInt(plain);
            if (integer != null) {
                return integer;
            }
            if (FLOAT.matcher(plain).matches()) {
                return parseFloat(plain, in);
            }
        }
        return in;
    }

    private static Object parseFloat(String number, String in) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return in;
        }
    }

    /** Go's strconv.ParseInt(s, 0, 64) then ParseUint(s, 0, 64): 0x, 0o, 0b and a leading 0 (octal) prefixes; null if not one. */
    private static BigInteger parseGoInt(String s) {
        String sign = "";
        String digits = s;
        if (digits.startsWith("+") || digits.startsWith("-")) {
            sign = digits.startsWith("-") ? "-" : "";
            digits = digits.substring(1);
        }
        int radix = 10;
        String lower = digits.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        if (digits.isEmpty()) {
            return null;
        }
        BigInteger value = new BigInteger(sign + digits, radix);
        boolean fitsInt64 = value.bitLength() <= 63;
        boolean fitsUint64 = sign.isEmpty() && value.bitLength() <= 64;
        return fitsInt64 || fitsUint64 ? value : null;
    }

    /** The JSON Go's encoding/json writes for the value; NaN and infinities have none. */
    private static JsonNode json(Object value) {
        if (value == NULL) {
            return NODES.nullNode();
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof BigInteger i) {
            // As Jackson reads the same number from JSON, so trees compare equal.
            return i.bitLength() <= 31 ? NODES.numberNode(i.intValue())
                    : i.bitLength() <= 63 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new PatchException("json: unsupported value: " + (d.isNaN() ? "NaN" : d > 0 ? "+Inf" : "-Inf"));
            }
            BigDecimal exact = new BigDecimal(d);
            if (d == Math.rint(d) && exact.abs().compareTo(JSON_INTEGER_LIMIT) < 0) {
                // Go writes a whole float64 below 1e21 without a fraction: 8080.0 is 8080.
                return json(exact.toBigInteger());
            }
            return NODES.numberNode(d);
        }
        return NODES.textNode((String) value);
    }
}
