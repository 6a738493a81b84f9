package io.kboot.cli;

/** Entry point of {@code kjoin}. */
public final class Kjoin {
    private Kjoin() {}

    public static void main(String[] args) {
        System.exit(Cli.execute(KjoinCommand.commandLine(args), args));
    }
}
