package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No field of kubeadm's v1beta4 documents is silently ignored: every field of the records in
 * {@link Kubeadm} is either read (the table below says where) or refused ({@link Unsupported}, with
 * its reason). A new record component fails this test until it is put in one of the two.
 */
class ConfigFieldsTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Read fields, by document, with what reads them. A path covers everything under it. */
    static final Map<ConfigLoader.DocumentKind, Map<String, String>> READ = Map.of(
            ConfigLoader.DocumentKind.CLUSTER_CONFIGURATION, clusterConfiguration(),
            ConfigLoader.DocumentKind.INIT, initConfiguration(),
            ConfigLoader.DocumentKind.JOIN, joinConfiguration(),
            ConfigLoader.DocumentKind.UPGRADE, upgradeConfiguration());

    private static Map<String, String> clusterConfiguration() {
        Map<String, String> m = typeAndVersion();
        m.put("/etcd/local/imageRepository", "Images: the etcd static Pod's image");
        m.put("/etcd/local/imageTag", "Images: the etcd static Pod's image");
        m.put("/etcd/local/dataDir", "Components.etcdDataDir");
        m.put("/etcd/local/extraArgs", "Components.extraArgs (the API server's --etcd-servers follows advertise-client-urls)");
        m.put("/etcd/local/serverCertSANs", "PkiInputs: etcd's server certificate");
        m.put("/etcd/local/peerCertSANs", "PkiInputs: etcd's peer certificate");
        m.put("/networking", "ClusterSettings.networking");
        m.put("/kubernetesVersion", "ClusterSettings");
        m.put("/controlPlaneEndpoint", "ClusterSettings");
        m.put("/imageRepository", "ClusterSettings and Images");
        m.put("/clusterName", "ClusterSettings");
        m.put("/apiServer/extraArgs", "Components.extraArgs (authorization-config drops --authorization-mode)");
        m.put("/apiServer/certSANs", "PkiInputs: the API server's certificate");
        m.put("/controllerManager/extraArgs", "Components.extraArgs");
        m.put("/scheduler/extraArgs", "Components.extraArgs");
        m.put("/dns/imageRepository", "Images: the CoreDNS Deployment's image");
        m.put("/dns/imageTag", "Images: the CoreDNS Deployment's image");
        m.put("/dns/disabled", "AddonSwitches: the addons/coredns phase is skipped, and the upgrade's");
        m.put("/proxy/disabled", "AddonSwitches: the addons/kube-proxy phase is skipped, and the upgrade's");
        m.put("/certificatesDir", "PkiInputs");
        m.put("/encryptionAlgorithm", "PkiInputs");
        m.put("/certificateValidityPeriod", "PkiInputs");
        m.put("/caCertificateValidityPeriod", "PkiInputs");
        m.put("/featureGates", "FeatureGates: PublicKeysECDSA and NodeLocalCRISocket=true read, the rest refused by name");
        return m;
    }

    private static Map<String, String> initConfiguration() {
        Map<String, String> m = typeAndVersion();
        for (String field : List.of("token", "description", "ttl", "usages", "groups")) {
            m.put("/bootstrapTokens/*/" + field, "InitBootstrap.tokens");
        }
        nodeRegistration(m);
        m.put("/nodeRegistration/taints", "InitBootstrap.taints");
        m.put("/nodeRegistration/kubeletExtraArgs", "Components.kubeletExtraArgs");
        m.put("/localAPIEndpoint", "NodeSettings");
        m.put("/certificateKey", "InitBootstrap.certificateKey");
        runOptions(m);
        return m;
    }

    private static Map<String, String> joinConfiguration() {
        Map<String, String> m = typeAndVersion();
        nodeRegistration(m);
        m.put("/discovery/bootstrapToken", "JoinDiscovery");
        m.put("/controlPlane/localAPIEndpoint", "NodeSettings");
        m.put("/controlPlane/certificateKey", "JoinSettings.certificateKey");
        runOptions(m);
        return m;
    }

    private static Map<String, String> upgradeConfiguration() {
        Map<String, String> m = typeAndVersion();
        m.put("/timeouts", "ConfigDocuments.upgradeTimeouts (upgradeManifests bounds the upgrade's waits)");
        return m;
    }

    private static Map<String, String> typeAndVersion() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("/apiVersion", "ConfigLoader");
        m.put("/kind", "ConfigLoader");
        return m;
    }

    private static void nodeRegistration(Map<String, String> m) {
        m.put("/nodeRegistration/name", "NodeSettings");
        m.put("/nodeRegistration/criSocket", "NodeSettings");
        m.put("/nodeRegistration/ignorePreflightErrors", "RunOptions");
        m.put("/nodeRegistration/imagePullPolicy", "ConfigValidator: IfNotPresent, what kboot does; Always and Never refused");
        m.put("/nodeRegistration/imagePullSerial", "no effect by design: it orders kubeadm's own image pulls and kboot pulls"
                + " none (the same manifests and kubelet configuration with either value, checked against kubeadm v1.36.3)");
    }

    private static void runOptions(Map<String, String> m) {
        m.put("/skipPhases", "RunOptions.skipPhases");
        m.put("/patches", "RunOptions.patches");
        m.put("/timeouts", "RunOptions.timeouts");
    }

    @Test
    void everyFieldOfTheV1beta4RecordsIsReadOrRefused() {
        List<String> neither = new ArrayList<>();
        List<String> both = new ArrayList<>();
        for (ConfigLoader.DocumentKind kind : ConfigLoader.DocumentKind.values()) {
            if (kind.javaType() == null || !kind.apiVersion().equals(Kubeadm.API_VERSION)) {
                continue;
            }
            Map<String, String> read = READ.getOrDefault(kind, Map.of());
            Map<String, String> refused = Unsupported.FIELDS.getOrDefault(kind, Map.of());
            walk(kind.javaType(), "", path -> {
                boolean isRead = read.containsKey(path);
                boolean isRefused = refused.containsKey(path);
                if (isRead && isRefused) {
                    both.add(kind.kind() + " " + path);
                }
                return isRead || isRefused;
            }, leaf -> neither.add(kind.kind() + " " + leaf));
        }
        assertEquals(List.of(), neither, "fields neither read nor refused: read them, or add them to Unsupported.FIELDS");
        assertEquals(List.of(), both, "fields both read and refused");
    }

    @Test
    void everyTableEntryIsAFieldOfTheRecords() {
        List<String> stale = new ArrayList<>();
        for (ConfigLoader.DocumentKind kind : ConfigLoader.DocumentKind.values()) {
            if (kind.javaType() == null) {
                continue;
            }
            TreeSet<String> paths = new TreeSet<>();
            walk(kind.javaType(), "", path -> {
                paths.add(path);
                return false;
            }, leaf -> {});
            Stream.concat(READ.getOrDefault(kind, Map.of()).keySet().stream(),
                    Unsupported.FIELDS.getOrDefault(kind, Map.of()).keySet().stream())
                    .filter(p -> !paths.contains(p)).forEach(p -> stale.add(kind.kind() + " " + p));
        }
        assertEquals(List.of(), stale);
    }

    static Stream<Arguments> refusedFields() {
        List<Arguments> cases = new ArrayList<>();
        Unsupported.FIELDS.forEach((kind, fields) -> fields.keySet().forEach(path -> cases.add(Arguments.of(kind, path))));
        return cases.stream();
    }

    /** Each refused field, set in a document of its own: exit 2 (InvalidInput), file:line:col, the field and why. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedFields")
    void aRefusedFieldIsNamedWithItsPlace(ConfigLoader.DocumentKind kind, String path) {
        ObjectNode document = NODES.objectNode().put("apiVersion", kind.apiVersion()).put("kind", kind.kind());
        set(document, kind.javaType(), path.substring(1).split("/"), 0);
        String yaml = Templates.toYaml(document);
        String message = assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.parse("f.yaml", yaml),
                yaml).getMessage();
        String field = FieldPath.fromPointer(path.replace("*", "0"));
        assertTrue(message.matches("(?s)(.*\n)?f\\.yaml:\\d+:\\d+: " + kind.kind() + " " + field.replace(".", "\\.")
                .replace("[", "\\[").replace("]", "\\]") + ": not supported by kboot yet: .*"), message);
    }

    @Test
    void theRefusalPointsAtTheField() {
        String message = assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.parse("c.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                etcd:
                  external:
                    endpoints:
                    - https://10.0.0.5:2379
                """)).getMessage();
        assertEquals("c.yaml:4:3: ClusterConfiguration etcd.external: not supported by kboot yet: kboot runs a stacked etcd"
                + " on each control plane; an external etcd cluster is not wired up", message);
    }

    @Test
    void kubeadmsOwnDefaultsLoad() throws IOException {
        // `kubeadm config print init-defaults` / `join-defaults` of v1.36.3: taints: null, caCertPath and
        // tlsBootstrapToken at the values kboot uses anyway, imagePullPolicy IfNotPresent, imagePullSerial true.
        ConfigDocuments init = ConfigLoader.parse("init-defaults.yaml", golden("defaults/init-defaults.yaml"));
        assertEquals("RSA-2048", InitSettings.from(init, new InitSettings.Flags()).pki().encryptionAlgorithm());
        ConfigDocuments join = ConfigLoader.parse("join-defaults.yaml", golden("defaults/join-defaults.yaml"));
        assertEquals("vm", JoinSettings.from(join, new JoinSettings.Flags()).node().name().orElseThrow());
    }

    @Test
    void joinFieldsAtKbootsOwnValuesLoadOthersAreRefused() {
        String join = """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                caCertPath: %s
                discovery:
                  bootstrapToken:
                    apiServerEndpoint: 10.0.0.1:6443
                    token: abcdef.0123456789abcdef
                    unsafeSkipCAVerification: true
                  tlsBootstrapToken: %s
                """;
        ConfigLoader.parse("j.yaml", join.formatted("/etc/kubernetes/pki/ca.crt", "abcdef.0123456789abcdef"));
        String message = assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.parse("j.yaml",
                join.formatted("/srv/ca.crt", "ghijkl.0123456789abcdef"))).getMessage();
        assertTrue(message.contains("j.yaml:3:1: JoinConfiguration caCertPath: not supported by kboot yet"), message);
        assertTrue(message.contains("j.yaml:9:3: JoinConfiguration discovery.tlsBootstrapToken: not supported by kboot yet"),
                message);
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = ConfigFieldsTest.class.getResourceAsStream("/golden/kubeadm-v1.36.3/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Visits every field path of a record type, depth first ("*" for a list's items). {@code covered}
     * says whether a path is in a table (then nothing under it is visited); a leaf not covered goes to
     * {@code uncovered}.
     */
    private static void walk(Class<?> type, String prefix, Predicate<String> covered, Consumer<String> uncovered) {
        for (RecordComponent c : type.getRecordComponents()) {
            String path = prefix + "/" + c.getName();
            if (covered.test(path)) {
                continue;
            }
            Class<?> inner = recordInside(c.getGenericType());
            if (inner == null) {
                uncovered.accept(path);
            } else {
                walk(inner, List.class.isAssignableFrom(c.getType()) ? path + "/*" : path, covered, uncovered);
            }
        }
    }

    /** The record type of a component, or of the items of a list component; null for anything else. */
    private static Class<?> recordInside(Type type) {
        if (type instanceof Class<?> c) {
            return c.isRecord() ? c : null;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> item && item.isRecord()) {
            return item;
        }
        return null;
    }

    /** Sets the field at path[i..] in a node of the given record type to some value, creating what is between. */
    private static void set(ObjectNode node, Class<?> type, String[] path, int i) {
        RecordComponent c = Stream.of(type.getRecordComponents()).filter(r -> r.getName().equals(path[i])).findFirst()
                .orElseThrow();
        boolean list = List.class.isAssignableFrom(c.getType());
        boolean last = i == path.length - 1 || (list && i == path.length - 2);
        Class<?> inner = recordInside(c.getGenericType());
        if (last) {
            node.set(c.getName(), sample(c.getGenericType()));
        } else if (list) {
            ObjectNode item = ((ArrayNode) node.putArray(c.getName())).addObject();
            set(item, inner, path, i + 2);
        } else {
            set(node.putObject(c.getName()), inner, path, i + 1);
        }
    }

    /** A value of the type that counts as set: non-empty, true, not kboot's own value. */
    private static JsonNode sample(Type type) {
        if (type == String.class) {
            return NODES.textNode("x");
        }
        if (type == Boolean.class) {
            return NODES.booleanNode(true);
        }
        if (type == Integer.class) {
            return NODES.numberNode(1);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return NODES.arrayNode().add(sample(p.getActualTypeArguments()[0]));
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            RecordComponent first = c.getRecordComponents()[0];
            return NODES.objectNode().set(first.getName(), sample(first.getGenericType()));
        }
        throw new IllegalArgumentException("no sample for " + type);
    }
}
