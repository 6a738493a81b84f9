package io.kboot.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kboot.KbootException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of Kubernetes objects to apply, such as a CNI's manifest (Calico, Flannel): multi-document
 * YAML, read and checked on the workstation before any host is touched.
 */
public final class Manifests {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {}

    /**
     * @throws KbootException.InvalidInput naming the file and the document that is not an object with
     * apiVersion, kind and name
     */
    public static List<ObjectNode> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new KbootException.InvalidInput(file + ": cannot read: " + e.getMessage());
        }
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(text)) {
            int index = 0;
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext();) {
                JsonNode doc = it.next();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!(doc instanceof ObjectNode object) || !object.path("apiVersion").isTextual()
                        || !object.path("kind").isTextual()
                        || !object.path("metadata").path("name").isTextual()) {
                    throw new KbootException.InvalidInput(file + ": document " + index
                            + " is not a Kubernetes object (apiVersion, kind and metadata.name are required)");
                }
                if (object.path("kind").asText().endsWith("List")) {
                    object.path("items").forEach(item -> objects.add((ObjectNode) item));
                } else {
                    objects.add(object);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KbootException ke) {
                throw ke;
            }
            throw new KbootException.InvalidInput(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (objects.isEmpty()) {
            throw new KbootException.InvalidInput(file + ": holds no Kubernetes objects");
        }
        return objects;
    }
}
