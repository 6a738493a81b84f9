package io.kboot.reset;

/**
 * The operator's yes before a node is reset. The CLI asks on the terminal; {@code --force}, a dry
 * run, or a caller that asked once for many hosts passes {@link #GIVEN}.
 */
@FunctionalInterface
public interface Confirmation {
    Confirmation GIVEN = (host, question) -> true;

    /** Whether the operator agreed to {@code question}, which names {@code host}. */
    boolean confirm(String host, String question);
}
