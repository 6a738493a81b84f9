package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
    @TempDir
    Path dir;

    Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("cni.yaml"), text);
    }

    @Test
    void documentsAndListsAreObjectsInFileOrder() throws IOException {
        var objects = Manifests.load(file("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: a}
                ---
                ---
                apiVersion: v1
                kind: List
                metadata: {name: l}
                items:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
                """));
        assertEquals(3, objects.size());
        assertEquals("a", objects.get(0).path("metadata").path("name").asText());
        assertEquals("c", objects.get(2).path("metadata").path("name").asText());
    }

    @Test
    void whatIsNotAnObjectIsNamedWithItsDocument() throws IOException {
        var missingKind = assertThrows(KbootException.InvalidInput.class, () -> Manifests.load(file("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: a}
                ---
                apiVersion: v1
                metadata: {name: b}
                """)));
        assertTrue(missingKind.getMessage().contains("document 2 is not a Kubernetes object"), missingKind.getMessage());
        var broken = assertThrows(KbootException.InvalidInput.class, () -> Manifests.load(file("kind: [unclosed\n")));
        assertTrue(broken.getMessage().contains("not valid YAML"), broken.getMessage());
        var empty = assertThrows(KbootException.InvalidInput.class, () -> Manifests.load(file("# nothing\n")));
        assertTrue(empty.getMessage().contains("holds no Kubernetes objects"), empty.getMessage());
        var missing = assertThrows(KbootException.InvalidInput.class, () -> Manifests.load(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("cannot read"), missing.getMessage());
    }
}
