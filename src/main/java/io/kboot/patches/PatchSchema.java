package io.kboot.patches;

import java.util.Map;
import java.util.Optional;

/**
 * What a strategic merge patch needs to know of a Kubernetes type: for each field, the type of its
 * value and, for a list, whether it merges (and by which key) or is replaced. This is the part of
 * the Go structs' {@code patchStrategy}/{@code patchMergeKey} tags that kubeadm's patch targets
 * (a static Pod, the CoreDNS Deployment, the KubeletConfiguration) reach, taken from k8s.io/api
 * v0.36. A field that is not listed merges as a map or is replaced as a list, which is what the
 * tags say for every field they leave untagged.
 */
record PatchSchema(String name, Map<String, Field> fields) {
    /**
     * @param mergeKey for a merged list of objects, the field that identifies an item; empty for a
     *     merged list of scalars
     */
    record Field(PatchSchema type, boolean merge, String mergeKey) {
        static Field of(PatchSchema type) {
            return new Field(type, false, "");
        }

        static Field mergedBy(String key, PatchSchema itemType) {
            return new Field(itemType, true, key);
        }
    }

    static final PatchSchema UNTAGGED = new PatchSchema("untagged", Map.of());
    private static final Field UNTAGGED_FIELD = Field.of(UNTAGGED);

    static final PatchSchema OBJECT_META = new PatchSchema("ObjectMeta", Map.of(
            "ownerReferences", Field.mergedBy("uid", UNTAGGED),
            "finalizers", new Field(UNTAGGED, true, "")));
    static final PatchSchema CONTAINER = new PatchSchema("Container", Map.of(
            "ports", Field.mergedBy("containerPort", UNTAGGED),
            "env", Field.mergedBy("name", UNTAGGED),
            "volumeMounts", Field.mergedBy("mountPath", UNTAGGED),
            "volumeDevices", Field.mergedBy("devicePath", UNTAGGED)));
    static final PatchSchema POD_SPEC = new PatchSchema("PodSpec", Map.of(
            "volumes", Field.mergedBy("name", UNTAGGED),
            "initContainers", Field.mergedBy("name", CONTAINER),
            "containers", Field.mergedBy("name", CONTAINER),
            "ephemeralContainers", Field.mergedBy("name", CONTAINER),
            "imagePullSecrets", Field.mergedBy("name", UNTAGGED),
            "hostAliases", Field.mergedBy("ip", UNTAGGED),
            "topologySpreadConstraints", Field.mergedBy("topologyKey", UNTAGGED),
            "schedulingGates", Field.mergedBy("name", UNTAGGED),
            "resourceClaims", Field.mergedBy("name", UNTAGGED)));
    static final PatchSchema POD_STATUS = new PatchSchema("PodStatus", Map.of(
            "conditions", Field.mergedBy("type", UNTAGGED),
            "hostIPs", Field.mergedBy("ip", UNTAGGED),
            "podIPs", Field.mergedBy("ip", UNTAGGED),
            "resourceClaimStatuses", Field.mergedBy("name", UNTAGGED)));
    static final PatchSchema POD = new PatchSchema("Pod", Map.of(
            "metadata", Field.of(OBJECT_META),
            "spec", Field.of(POD_SPEC),
            "status", Field.of(POD_STATUS)));
    static final PatchSchema POD_TEMPLATE = new PatchSchema("PodTemplateSpec", Map.of(
            "metadata", Field.of(OBJECT_META),
            "spec", Field.of(POD_SPEC)));
    static final PatchSchema DEPLOYMENT = new PatchSchema("Deployment", Map.of(
            "metadata", Field.of(OBJECT_META),
            "spec", Field.of(new PatchSchema("DeploymentSpec", Map.of("template", Field.of(POD_TEMPLATE)))),
            "status", Field.of(new PatchSchema("DeploymentStatus", Map.of("conditions", Field.mergedBy("type", UNTAGGED))))));
    /** KubeletConfiguration (kubelet.config.k8s.io/v1beta1) tags none of its fields. */
    static final PatchSchema KUBELET_CONFIGURATION = new PatchSchema("KubeletConfiguration", Map.of());

    Field field(String name) {
        return Optional.ofNullable(fields.get(name)).orElse(UNTAGGED_FIELD);
    }
}
