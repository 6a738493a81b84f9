package io.kboot.cli;

/** Entry point of {@code kboot}. */
public final class Kboot {
    private Kboot() {}

    public static void main(String[] args) {
        System.exit(Cli.execute(KbootCommand.commandLine(args), args));
    }
}
