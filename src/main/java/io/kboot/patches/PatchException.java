package io.kboot.patches;

/** A patch that cannot be applied to its target; {@link Patches} names the file it came from. */
final class PatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PatchException(String message) {
        super(message);
    }
}
