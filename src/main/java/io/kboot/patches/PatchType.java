package io.kboot.patches;

/** How a patch file's documents apply, from the "+type" in its name; strategic when there is none. */
public enum PatchType {
    STRATEGIC("strategic", "application/strategic-merge-patch+json"),
    MERGE("merge", "application/merge-patch+json"),
    JSON("json", "application/json-patch+json");

    private final String suffix;
    private final String mediaType;

    PatchType(String suffix, String mediaType) {
        this.suffix = suffix;
        this.mediaType = mediaType;
    }

    public String suffix() {
        return suffix;
    }

    /** The name kubeadm prints for it ("Applied patch of type ..."). */
    String mediaType() {
        return mediaType;
    }
}
