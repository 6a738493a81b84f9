package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.Randomness;
import io.kboot.api.ApiConnection;
import io.kboot.config.Defaults;
import io.kboot.config.InitBootstrap;
import io.kboot.host.Host;
import io.kboot.kubeconfig.Kubeconfig;
import io.kboot.pki.CaPin;
import io.kboot.token.BootstrapToken;
import io.kboot.token.Tokens;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kboot token}: bootstrap tokens. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage bootstrap tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Delete.class,
            TokenCommand.Generate.class})
final class TokenCommand {

    /** Where the cluster is: a control-plane node (local or --host) and the admin kubeconfig on it. */
    static final class ClusterOptions {
        @Mixin
        TargetOptions target = new TargetOptions();

        @Option(names = "--kubeconfig", paramLabel = "PATH",
                description = "Admin kubeconfig on the node (default: /etc/kubernetes/admin.conf).")
        String kubeconfig = Defaults.KUBERNETES_DIR + "/admin.conf";
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a bootstrap token on the cluster and print it.",
            footerHeading = "%nExamples:%n",
            footer = {"  kboot token create --host root@cp1 --ttl 2h --print-join-command", ""})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Parameters(arity = "0..1", paramLabel = "TOKEN", description = "The token to create (default: a new random one).")
        Optional<BootstrapToken> token = Optional.empty();

        @Option(names = "--ttl", paramLabel = "DURATION",
                description = "How long the token is valid (default: 24h; 0 = never expires).")
        Duration ttl = Defaults.TOKEN_TTL;

        @Option(names = "--description", paramLabel = "TEXT", description = "A human-readable description.")
        Optional<String> description = Optional.empty();

        @Option(names = "--print-join-command", description = "Print the whole kjoin command, not only the token.")
        boolean printJoinCommand;

        @Override
        public Integer call() {
            try (Host host = cluster.target.open(); ApiConnection connection = ApiConnection.open(host, cluster.kubeconfig)) {
                BootstrapToken created =
                        new Tokens(connection.api()).create(token, ttl, description, InitBootstrap.DEFAULT_USAGES,
                                InitBootstrap.DEFAULT_GROUPS);
                PrintWriter out = spec.commandLine().getOut();
                if (printJoinCommand) {
                    Kubeconfig admin = Kubeconfig.parse(host.read(cluster.kubeconfig).orElseThrow());
                    String endpoint = admin.server().orElseThrow().replaceFirst("^https://", "");
                    out.println("kjoin " + endpoint + " --token " + created.reveal() + " --discovery-token-ca-cert-hash "
                            + CaPin.of(admin.certificateAuthorityPem().orElseThrow()));
                } else {
                    out.println(created.reveal());
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the cluster's bootstrap tokens (ids only: a secret is shown once, when created).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Override
        public Integer call() {
            try (Host host = cluster.target.open(); ApiConnection connection = ApiConnection.open(host, cluster.kubeconfig)) {
                List<Tokens.Listed> tokens = new Tokens(connection.api()).list();
                PrintWriter out = spec.commandLine().getOut();
                String format = "%-8s %-10s %-22s %-26s %s%n";
                out.printf(format, "ID", "TTL", "EXPIRES", "USAGES", "DESCRIPTION / EXTRA GROUPS");
                Instant now = Instant.now();
                for (Tokens.Listed t : tokens) {
                    List<String> notes = new ArrayList<>();
                    t.description().ifPresent(notes::add);
                    notes.addAll(t.groups());
                    out.printf(format, t.id(), t.expires().map(e -> ttl(Duration.between(now, e))).orElse("<forever>"),
                            t.expires().map(Instant::toString).orElse("<never>"), String.join(",", t.usages()),
                            String.join(" ", notes));
                }
                out.flush();
                return ExitCodes.OK;
            }
        }

        private static String ttl(Duration left) {
            return left.isNegative() ? "<expired>" : left.toHours() + "h" + left.toMinutesPart() + "m";
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete bootstrap tokens by id or whole token.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Parameters(arity = "1..*", paramLabel = "ID|TOKEN",
                description = "Token ids (abcdef) or tokens (abcdef.0123456789abcdef).")
        List<String> tokens = new ArrayList<>();

        @Override
        public Integer call() {
            for (String t : tokens) {
                if (!t.matches("[a-z0-9]{6}(\\.[a-z0-9]{16})?")) {
                    throw new KbootException.InvalidInput("\"" + t.replaceAll("\\..*", ".…") + "\" is not a token id or a token");
                }
            }
            try (Host host = cluster.target.open(); ApiConnection connection = ApiConnection.open(host, cluster.kubeconfig)) {
                Tokens api = new Tokens(connection.api());
                for (String t : tokens) {
                    api.delete(t);
                    spec.commandLine().getOut().println("bootstrap token \"" + t.substring(0, 6) + "\" deleted");
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Print a new random bootstrap token (not stored anywhere), as kubeadm token generate does.",
            footerHeading = "%nExamples:%n",
            footer = {"  kboot token generate        # then use it as InitConfiguration bootstrapTokens[0].token", ""})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(BootstrapToken.generate(Randomness.strong()).reveal());
            return ExitCodes.OK;
        }
    }
}
