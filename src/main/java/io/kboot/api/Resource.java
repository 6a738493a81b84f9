package io.kboot.api;

import java.util.Map;
import java.util.Optional;

/**
 * Where a kind of object lives in the REST API. kboot needs a handful of kinds; a table keeps
 * the client free of discovery calls.
 */
public record Resource(String apiVersion, String kind, String plural, boolean namespaced) {

    private static final Map<String, Resource> BY_KIND = Map.ofEntries(
            entry("v1", "ConfigMap", "configmaps", true),
            entry("v1", "Secret", "secrets", true),
            entry("v1", "Service", "services", true),
            entry("v1", "ServiceAccount", "serviceaccounts", true),
            entry("v1", "Node", "nodes", false),
            entry("v1", "Namespace", "namespaces", false),
            entry("v1", "Pod", "pods", true),
            entry("apps/v1", "DaemonSet", "daemonsets", true),
            entry("apps/v1", "Deployment", "deployments", true),
            entry("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
            entry("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
            entry("rbac.authorization.k8s.io/v1", "Role", "roles", true),
            entry("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
            entry("certificates.k8s.io/v1", "CertificateSigningRequest", "certificatesigningrequests", false),
            entry("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
            entry("coordination.k8s.io/v1", "Lease", "leases", true));

    private static Map.Entry<String, Resource> entry(String apiVersion, String kind, String plural, boolean namespaced) {
        return Map.entry(apiVersion + "/" + kind, new Resource(apiVersion, kind, plural, namespaced));
    }

    /** A kind from the table; empty for one kboot does not know (KubeApi then asks the API server). */
    public static Optional<Resource> known(String apiVersion, String kind) {
        return Optional.ofNullable(BY_KIND.get(apiVersion + "/" + kind));
    }

    /** @throws IllegalArgumentException for a kind kboot does not know */
    public static Resource of(String apiVersion, String kind) {
        Resource resource = BY_KIND.get(apiVersion + "/" + kind);
        if (resource == null) {
            throw new IllegalArgumentException("unsupported kind " + apiVersion + " " + kind);
        }
        return resource;
    }

    /** "/api/v1/namespaces/kube-system/configmaps" or "/apis/rbac.authorization.k8s.io/v1/clusterroles". */
    public String collectionPath(String namespace) {
        String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        if (!namespaced) {
            return base + "/" + plural;
        }
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs a namespace");
        }
        return base + "/namespaces/" + namespace + "/" + plural;
    }

    public String objectPath(String namespace, String name) {
        return collectionPath(namespace) + "/" + name;
    }
}
