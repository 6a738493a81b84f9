package io.kboot.hostprep;

/** What a node becomes: it decides the firewall ports host preparation opens. */
public enum NodeRole {
    CONTROL_PLANE("control-plane"),
    WORKER("worker");

    private final String label;

    NodeRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
