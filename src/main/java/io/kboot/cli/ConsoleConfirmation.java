package io.kboot.cli;

import io.kboot.reset.Confirmation;
import java.io.Console;
import java.lang.reflect.Method;
import java.util.Locale;

/** kubeadm's "[y/N]" question on the terminal; anything but y or yes is a no. */
final class ConsoleConfirmation implements Confirmation {

    /**
     * Whether there is a terminal to ask on. Java 22+ may hand out a Console with stdin
     * redirected, so its isTerminal() is asked where it exists.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a Console exists only for a terminal
        }
    }

    @Override
    public boolean confirm(String host, String question) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s [y/N]: ", question);
        if (answer == null) {
            return false;
        }
        String word = answer.strip().toLowerCase(Locale.ROOT);
        return word.equals("y") || word.equals("yes");
    }
}
