package io.kboot.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.Randomness;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.config.Defaults;
import io.kboot.config.InitBootstrap;
import io.kboot.host.Host;
import io.kboot.kubeconfig.Kubeconfig;
import io.kboot.kubeconfig.KubeconfigLoading;
import io.kboot.pki.CaPin;
import io.kboot.token.BootstrapToken;
import io.kboot.token.Tokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /**
     * Where the cluster is: a control-plane node over SSH ({@code --host}) and the admin kubeconfig
     * on it, or, without {@code --host}, a kubeconfig on this machine found as kubeadm's token
     * commands find one (kubectl's rules, then /etc/kubernetes/admin.conf).
     */
    static final class ClusterOptions {
        private static final String ADMIN_CONF = Defaults.KUBERNETES_DIR + "/admin.conf";

        @Mixin
        TargetOptions target = new TargetOptions();

        @Option(names = "--kubeconfig", paramLabel = "PATH",
                description = "With --host: the admin kubeconfig on the node (default: /etc/kubernetes/admin.conf)."
                        + " Without: this file; else $KUBECONFIG (its files merged, the first to set a value wins), else"
                        + " ~/.kube/config, else /etc/kubernetes/admin.conf, as kubectl and kubeadm look.")
        Optional<String> kubeconfig = Optional.empty();

        /** The kubeconfig to use: read here when it is on this machine (a missing --kubeconfig is exit 2, before SSH). */
        Admin admin() {
            if (target.isLocal()) {
                Optional<KubeconfigLoading.Loaded> loaded = KubeconfigLoading.load(kubeconfig.map(Path::of));
                if (loaded.isPresent()) {
                    return new Admin(loaded.map(KubeconfigLoading.Loaded::config), loaded.get().origin());
                }
            }
            return new Admin(Optional.empty(), kubeconfig.orElse(ADMIN_CONF));
        }

        /**
         * A kubeconfig read on this machine, or the path of one on the node.
         *
         * @param where the file (or files), for messages; the node's path when {@code read} is empty
         */
        record Admin(Optional<Kubeconfig> read, String where) {
            ApiConnection connect(Host host) {
                return read.isPresent() ? ApiConnection.open(host, read.get(), where, ApiRetry.within(KubeApi.CALL_BOUND))
                        : ApiConnection.open(host, where);
            }

            Kubeconfig config(Host host) {
                return read.orElseGet(() -> Kubeconfig.parse(host.read(where).orElseThrow()));
            }
        }
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
            ClusterOptions.Admin admin = cluster.admin();
            try (Host host = cluster.target.open(); ApiConnection connection = admin.connect(host)) {
                BootstrapToken created =
                        new Tokens(connection.api()).create(token, ttl, description, InitBootstrap.DEFAULT_USAGES,
                                InitBootstrap.DEFAULT_GROUPS);
                PrintWriter out = spec.commandLine().getOut();
                if (printJoinCommand) {
                    Kubeconfig config = admin.config(host);
                    String endpoint = config.server().orElseThrow().replaceFirst("^https://", "");
                    out.println("kjoin " + endpoint + " --token " + created.reveal() + " --discovery-token-ca-cert-hash "
                            + CaPin.of(config.certificateAuthorityPem().orElseThrow()));
                } else {
                    out.println(created.reveal());
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the cluster's bootstrap tokens (ids only: a secret is shown once, when created).",
                "With -o json|yaml, one kubeadm BootstrapToken document (output.kubeadm.k8s.io/v1alpha3) per token, with"
                        + " \"id\" where kubeadm prints the whole token."},
            footerHeading = "%nExamples:%n",
            footer = {"  kboot token list --host root@cp1", "  kboot token list -o json | jq -r .id", ""})
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Mixin
        PrintFormat output = new PrintFormat();

        @Override
        public Integer call() {
            ClusterOptions.Admin admin = cluster.admin();
            try (Host host = cluster.target.open(); ApiConnection connection = admin.connect(host)) {
                List<Tokens.Listed> tokens = new Tokens(connection.api()).list();
                PrintWriter out = spec.commandLine().getOut();
                if (output.isText()) {
                    table(out, tokens, Instant.now());
                } else {
                    output.print(out, tokens.stream().map(ListTokens::document).toList());
                }
                out.flush();
                return ExitCodes.OK;
            }
        }

        private static void table(PrintWriter out, List<Tokens.Listed> tokens, Instant now) {
            String format = "%-8s %-10s %-22s %-26s %s%n";
            out.printf(format, "ID", "TTL", "EXPIRES", "USAGES", "DESCRIPTION / EXTRA GROUPS");
            for (Tokens.Listed t : tokens) {
                List<String> notes = new ArrayList<>();
                t.description().ifPresent(notes::add);
                notes.addAll(t.groups());
                out.printf(format, t.id(), t.expires().map(e -> ttl(Duration.between(now, e))).orElse("<forever>"),
                        t.expires().map(Instant::toString).orElse("<never>"), String.join(",", t.usages()),
                        String.join(" ", notes));
            }
        }

        /**
         * kubeadm's BootstrapToken output document, its fields in its order (all but kind and
         * apiVersion left out when empty), with the token's id instead of the token: kboot never
         * lists a secret.
         */
        static ObjectNode document(Tokens.Listed token) {
            ObjectNode doc = PrintFormat.document("BootstrapToken").put("id", token.id());
            token.description().ifPresent(d -> doc.put("description", d));
            token.expires().ifPresent(e -> doc.put("expires", e.truncatedTo(ChronoUnit.SECONDS).toString()));
            if (!token.usages().isEmpty()) {
                token.usages().forEach(doc.putArray("usages")::add);
            }
            if (!token.groups().isEmpty()) {
                token.groups().forEach(doc.putArray("groups")::add);
            }
            return doc;
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
            ClusterOptions.Admin admin = cluster.admin();
            try (Host host = cluster.target.open(); ApiConnection connection = admin.connect(host)) {
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
