package io.kboot.patches;

import java.util.Arrays;
import java.util.Optional;

/** What kubeadm's patches can change, by the name a patch file starts with. */
public enum PatchTarget {
    ETCD("etcd", PatchSchema.POD),
    KUBE_APISERVER("kube-apiserver", PatchSchema.POD),
    KUBE_CONTROLLER_MANAGER("kube-controller-manager", PatchSchema.POD),
    KUBE_SCHEDULER("kube-scheduler", PatchSchema.POD),
    KUBELET_CONFIGURATION("kubeletconfiguration", PatchSchema.KUBELET_CONFIGURATION),
    COREDNS_DEPLOYMENT("corednsdeployment", PatchSchema.DEPLOYMENT);

    private final String fileName;
    private final PatchSchema schema;

    PatchTarget(String fileName, PatchSchema schema) {
        this.fileName = fileName;
        this.schema = schema;
    }

    /** The name patch files for this target start with, e.g. "kube-apiserver". */
    public String fileName() {
        return fileName;
    }

    PatchSchema schema() {
        return schema;
    }

    /** The target of a static Pod, by its component name ("etcd", "kube-apiserver", ...). */
    public static PatchTarget staticPod(String component) {
        return named(component).filter(t -> t.schema == PatchSchema.POD)
                .orElseThrow(() -> new IllegalArgumentException("no static Pod target " + component));
    }

    static Optional<PatchTarget> named(String name) {
        return Arrays.stream(values()).filter(t -> t.fileName.equals(name)).findFirst();
    }
}
