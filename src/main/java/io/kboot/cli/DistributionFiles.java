package io.kboot.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Files the build generates from the command tree for the distribution (see the
 * {@code distribution-files} execution in pom.xml), so a shell completes kboot's commands and
 * {@code man kboot} reads without starting a JVM:
 * {@code share/bash-completion/completions/{kboot,kinit,kjoin}} (bash, and zsh through bashcompinit)
 * and {@code share/man/man1/{kboot,kinit,kjoin}.1}.
 */
public final class DistributionFiles {
    private static final Map<String, Supplier<CommandLine>> PROGRAMS =
            Map.of("kboot", KbootCommand::commandLine, "kinit", KinitCommand::commandLine, "kjoin", KjoinCommand::commandLine);

    private DistributionFiles() {}

    /** @param args the directory to write {@code share/} into */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistributionFiles OUTPUT_DIR");
        }
        write(Path.of(args[0]));
    }

    static void write(Path out) {
        Path completions = out.resolve("share/bash-completion/completions");
        Path man = out.resolve("share/man/man1");
        String version = VersionCommand.Build.read().version();
        PROGRAMS.forEach((name, command) -> {
            write(completions.resolve(name), AutoComplete.bash(name, command.get()));
            write(man.resolve(name + ".1"), ManPage.of(command.get(), version));
        });
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
