package io.kboot.patches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a patches directory: what is bad input (named, before any host), and what is only skipped. */
class PatchesTest {
    @TempDir
    Path dir;

    private static final ObjectNode POD = (ObjectNode) Templates.parseYaml(
            "{metadata: {name: kube-apiserver}, spec: {containers: [{name: kube-apiserver, image: x}]}}");

    @Test
    void aMissingDirectoryIsBadInput() {
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class, () -> Patches.load(dir.resolve("nope")));
        assertEquals("patches: " + dir.resolve("nope") + " is not a directory", e.getMessage());
    }

    @Test
    void anUnknownPatchTypeNamesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("kube-apiserver+strategik.yaml"), "spec: {}\n");
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class, () -> Patches.load(dir));
        assertEquals("patches: " + file + ": unknown or missing patch type after '+', must be one of [json merge strategic]",
                e.getMessage());
    }

    @Test
    void yamlThatDoesNotParseNamesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("etcd.yaml"), "spec: [unclosed\n");
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class, () -> Patches.load(dir));
        assertTrue(e.getMessage().startsWith("patches: " + file + ": not valid YAML"), e.getMessage());
    }

    @Test
    void aPatchThatDoesNotApplyNamesTheFileAndTheDocument() throws IOException {
        Path file = Files.writeString(dir.resolve("kube-apiserver+json.yaml"),
                "- {op: replace, path: /spec/containers/0/image, value: y}\n---\n- {op: remove, path: /spec/nothing}\n");
        Patches patches = Patches.load(dir);
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class,
                () -> patches.apply(PatchTarget.KUBE_APISERVER, POD));
        assertTrue(
                e.getMessage()
                        .startsWith("patches: " + file + " (document 2): could not apply the json patch to \"kube-apiserver\""),
                e.getMessage());
    }

    @Test
    void aStrategicPatchMustBeAMap() throws IOException {
        Files.writeString(dir.resolve("kube-apiserver.yaml"), "- a\n- b\n");
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class,
                () -> Patches.load(dir).apply(PatchTarget.KUBE_APISERVER, POD));
        assertTrue(e.getMessage().endsWith("a strategic merge patch must be a map"), e.getMessage());
    }

    @Test
    void emptyFilesAndOtherTargetsAreSkippedAndOnlyTheirTargetChanges() throws IOException {
        Files.writeString(dir.resolve("kube-scheduler.yaml"), "");
        Files.writeString(dir.resolve("etcd.yaml"), "metadata: {labels: {patched: \"true\"}}\n");
        Patches patches = Patches.load(dir);
        assertEquals(List.of(new Patches.Ignored("kube-scheduler.yaml", "empty file")), patches.ignored());
        assertEquals(POD, patches.apply(PatchTarget.KUBE_APISERVER, POD));
        assertEquals("true", patches.apply(PatchTarget.ETCD, POD).path("metadata").path("labels").path("patched").asText());
        assertEquals(
                Templates.parseYaml("{metadata: {name: kube-apiserver}, spec: {containers: [{name: kube-apiserver, image: x}]}}"),
                POD);
    }

    @Test
    void noPatchesChangeNothing() {
        assertTrue(Patches.none().filesFor(PatchTarget.ETCD).isEmpty());
        assertEquals(POD, Patches.none().apply(PatchTarget.ETCD, POD));
    }
}
