package io.kboot.patches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kboot's strategic merge, merge and JSON patches against kubeadm's own patches package, case by
 * case (golden/patch-cases.yaml, each applied by scripts/k8s/goldens.d/patch-cases.go into
 * golden/kubeadm-v1.36.3/patched/patch-cases.json): the same document, lists in the same order,
 * and an error where kubeadm has one.
 */
class PatchCasesTest {
    private static final String CASES = "/golden/patch-cases.yaml";
    private static final String OUTCOMES = "/golden/kubeadm-v1.36.3/patched/patch-cases.json";

    static String resource(String name) throws IOException {
        try (InputStream in = PatchCasesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        JsonNode cases = GoYaml.documents(resource(CASES)).get(0);
        JsonNode outcomes = new ObjectMapper().readTree(resource(OUTCOMES));
        assertEquals(cases.size(), outcomes.size(), "one outcome per case: run scripts/k8s/goldens v1.36.3");
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(cases.get(i).path("name").asText(), outcomes.get(i).path("name").asText());
            all.add(Arguments.of(cases.get(i).path("name").asText(), cases.get(i), outcomes.get(i)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesAsKubeadmDoes(String name, JsonNode patchCase, JsonNode kubeadm) {
        PatchTarget target = PatchTarget.named(patchCase.path("target").asText()).orElseThrow();
        PatchType type = PatchType.valueOf(patchCase.path("type").asText().toUpperCase(Locale.ROOT));
        List<JsonNode> documents = GoYaml.documents(patchCase.path("patch").asText());
        ObjectNode original = (ObjectNode) patchCase.path("original");
        if (kubeadm.has("error") || !kubeadm.path("result").isObject()) {
            // kubeadm fails at once, or (a merge patch that is a list) makes of the target something
            // no manifest can be, and fails when it decodes it; kboot refuses such a patch at once.
            assertThrows(PatchException.class, () -> applyAll(type, target, original, documents),
                    "kubeadm: " + kubeadm.path("error").asText());
        } else {
            assertEquals(kubeadm.path("result"), applyAll(type, target, original, documents));
        }
    }

    private static ObjectNode applyAll(PatchType type, PatchTarget target, ObjectNode original, List<JsonNode> documents) {
        ObjectNode result = original;
        for (JsonNode document : documents) {
            result = Patches.applyOne(type, target, result, document);
        }
        return result;
    }

    @Test
    void theOriginalIsLeftAsItWas() {
        ObjectNode original = (ObjectNode) Templates.parseYaml("{spec: {containers: [{name: a, image: a:1}]}}");
        ObjectNode before = original.deepCopy();
        Patches.applyOne(PatchType.STRATEGIC, PatchTarget.KUBE_APISERVER, original,
                Templates.parseYaml("{spec: {containers: [{name: a, image: a:2}, {name: b}]}}"));
        Patches.applyOne(PatchType.MERGE, PatchTarget.KUBE_APISERVER, original, Templates.parseYaml("{spec: null}"));
        Patches.applyOne(PatchType.JSON, PatchTarget.KUBE_APISERVER, original,
                Templates.parseYaml("[{op: remove, path: /spec/containers/0}]"));
        assertEquals(before, original);
    }
}
