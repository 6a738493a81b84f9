package io.kboot.pki;

/** What ensuring one item did: made it, or found a usable one and kept it. */
public record Ensured(String name, boolean created) {

    public static Ensured created(String name) {
        return new Ensured(name, true);
    }

    public static Ensured reused(String name) {
        return new Ensured(name, false);
    }
}
