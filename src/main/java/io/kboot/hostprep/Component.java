package io.kboot.hostprep;

/** Software host preparation puts on a node, each from whatever {@link ArtifactSource} provides it. */
public enum Component {
    CONTAINERD("containerd"),
    RUNC("runc"),
    CNI_PLUGINS("CNI plugins"),
    KUBELET("kubelet"),
    KUBECTL("kubectl");

    private final String label;

    Component(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
