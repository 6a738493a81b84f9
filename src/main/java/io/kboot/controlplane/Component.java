package io.kboot.controlplane;

/** The control-plane components kboot runs as static Pods, named as kubeadm names them. */
public enum Component {
    ETCD("etcd"),
    KUBE_APISERVER("kube-apiserver"),
    KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
    KUBE_SCHEDULER("kube-scheduler");

    private final String id;

    Component(String id) {
        this.id = id;
    }

    /** The Pod name, the image name and the manifest's base name. */
    public String id() {
        return id;
    }

    public String manifestFile() {
        return id + ".yaml";
    }
}
