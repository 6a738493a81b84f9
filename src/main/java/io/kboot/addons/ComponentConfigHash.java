package io.kboot.addons;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * kubeadm's {@code kubeadm.kubernetes.io/component-config.hash} annotation on the kubelet-config
 * and kube-proxy ConfigMaps (componentconfigs.ChecksumForConfigMap): SHA-256 over the data values
 * in key order, so {@code kubeadm upgrade} can tell whether a user changed the config.
 */
public final class ComponentConfigHash {
    public static final String ANNOTATION = "kubeadm.kubernetes.io/component-config.hash";

    private ComponentConfigHash() {}

    /** Sets the annotation on a ConfigMap from its {@code data}. */
    public static ObjectNode annotate(ObjectNode configMap) {
        configMap.withObject("metadata").withObject("annotations").put(ANNOTATION, of(configMap));
        return configMap;
    }

    static String of(ObjectNode configMap) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> keys = new ArrayList<>();
            configMap.path("data").fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            for (String key : keys) {
                sha.update(configMap.path("data").path(key).asText().getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
