package io.kboot.drain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a drain needs to know of a Pod on the node, read from its JSON.
 *
 * @param controllerKind the kind of the ownerReference with {@code controller: true}; empty for an unmanaged pod
 * @param mirror         a static Pod's mirror (annotation {@code kubernetes.io/config.mirror}): the kubelet owns it
 * @param emptyDir       it has an emptyDir volume, whose data goes with the pod
 * @param phase          status.phase: Pending, Running, Succeeded, Failed, Unknown
 */
record DrainPod(String namespace, String name, String uid, Optional<String> controllerKind, boolean mirror, boolean emptyDir,
        String phase) {
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    static DrainPod of(JsonNode pod) {
        JsonNode metadata = pod.path("metadata");
        Optional<String> controller = Optional.empty();
        for (JsonNode owner : metadata.path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                controller = Optional.of(owner.path("kind").asText());
            }
        }
        boolean emptyDir = false;
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            emptyDir |= volume.has("emptyDir");
        }
        return new DrainPod(metadata.path("namespace").asText(), metadata.path("name").asText(), metadata.path("uid").asText(),
                controller, metadata.path("annotations").has(MIRROR_ANNOTATION), emptyDir,
                pod.path("status").path("phase").asText("Pending"));
    }

    /** Succeeded or Failed: nothing runs any more, so it goes whatever its data or owner (kubectl's rule). */
    boolean terminal() {
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
