package io.kboot.cli;

/** Entry point of {@code kinit}. */
public final class Kinit {
    private Kinit() {}

    public static void main(String[] args) {
        System.exit(Cli.execute(KinitCommand.commandLine(args), args));
    }
}
