package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.config.Echo;
import io.kboot.host.ssh.SshLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * {@code -v=N} / {@code --v=N} as kubeadm and kubectl have it, {@code -v} and {@code -vvv} as other
 * tools do: one option on the root command, inherited by every command under it, so it reads the
 * same wherever it is written ({@code kboot -v=5 token list} or {@code kboot token list -v=5}).
 * Levels: 0 (default) the usual output; 1 to 3 phase timings, details and stack traces; 4 also the
 * SSH library's connection log; 5 also its debug log. Secrets are never printed, at any level.
 */
final class Verbosity {
    static final int DETAILS = 1;
    static final int SSH_INFO = 4;
    static final int SSH_DEBUG = 5;
    static final int MAX = 10;
    static final String NAME = "--v";

    private static final Pattern REPEATED = Pattern.compile("-(v+)");
    private static final Pattern WITH_LEVEL = Pattern.compile("--?v=(.*)");

    private int level;

    private Verbosity() {}

    /** Adds {@code -v/--v=N} to a root command and, through picocli's inheritance, to every command under it. */
    static CommandLine addTo(CommandLine root) {
        Verbosity holder = new Verbosity();
        root.getCommandSpec().addOption(OptionSpec.builder("-v", NAME)
                .type(int.class)
                .arity("1")
                .paramLabel("N")
                .scopeType(ScopeType.INHERIT)
                .description("Log level: -v (=1) adds phase timings, details and stack traces; -v=4 the SSH"
                        + " connection log; -v=5 the SSH debug log. -vvv is -v=3. Secrets are never printed.")
                .converters(Verbosity::level)
                // Every command of the chain sets it (its default as well): the highest level given wins.
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        if (value instanceof Integer level) {
                            holder.level = Math.max(holder.level, level);
                        }
                        return null;
                    }
                })
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) Integer.valueOf(holder.level);
                    }
                })
                .build());
        return root;
    }

    /** The level given anywhere on the command line of {@code command} (0 when the tree has no such option). */
    static int of(CommandSpec command) {
        OptionSpec option = command.root().findOption(NAME);
        return option == null ? 0 : (Integer) option.getValue();
    }

    /** What the SSH library shows at this level, if anything. */
    static Optional<SshLog.Detail> sshLog(int level) {
        if (level >= SSH_DEBUG) {
            return Optional.of(SshLog.Detail.DEBUG);
        }
        return level >= SSH_INFO ? Optional.of(SshLog.Detail.CONNECTION) : Optional.empty();
    }

    private static Integer level(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, with the value
        }
        throw new KbootException.InvalidInput("-v: " + Echo.quote(text) + " is not a log level (expected 0 to "
                + MAX + ")");
    }

    /**
     * The spellings picocli cannot parse as one option made canonical: {@code -v} and {@code --verbose}
     * are {@code --v=1}, {@code -vvv} is {@code --v=3}, {@code -v=N} is {@code --v=N}. Nothing after
     * {@code --} is touched.
     */
    static String[] normalize(String... args) {
        List<String> out = new ArrayList<>(args.length);
        boolean options = true;
        for (String arg : args) {
            if (options && "--".equals(arg)) {
                options = false;
            }
            out.add(options ? canonical(arg) : arg);
        }
        return out.toArray(String[]::new);
    }

    private static String canonical(String arg) {
        if ("--verbose".equals(arg)) {
            return NAME + "=1";
        }
        Matcher repeated = REPEATED.matcher(arg);
        if (repeated.matches()) {
            return NAME + "=" + repeated.group(1).length();
        }
        Matcher withLevel = WITH_LEVEL.matcher(arg);
        return withLevel.matches() ? NAME + "=" + withLevel.group(1) : arg;
    }
}
