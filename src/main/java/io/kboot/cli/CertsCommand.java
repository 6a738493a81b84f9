package io.kboot.cli;

import io.kboot.certs.CertificateManager;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.Defaults;
import io.kboot.config.GoDuration;
import io.kboot.config.Kubeadm;
import io.kboot.host.Host;
import io.kboot.pki.PkiListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kboot certs}: kubeadm's {@code certs check-expiration} and {@code certs renew}. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "Inspect and renew the cluster's certificates.",
        subcommands = {CertsCommand.CheckExpiration.class, CertsCommand.Renew.class})
final class CertsCommand {

    /** Where the files are; shared by both subcommands. */
    static final class Locations {
        @Mixin
        TargetOptions target = new TargetOptions();

        @Option(names = "--config", paramLabel = "FILE",
                description = "kubeadm config: certificatesDir and certificateValidityPeriod are read from it.")
        Optional<Path> config = Optional.empty();

        @Option(names = "--cert-dir", paramLabel = "DIR", description = "Certificate directory (default: /etc/kubernetes/pki).")
        Optional<String> certDir = Optional.empty();

        @Option(names = "--kubeconfig-dir", paramLabel = "DIR", description = "Kubeconfig directory (default: /etc/kubernetes).")
        Optional<String> kubeconfigDir = Optional.empty();

        /** Reads --config first: a bad file fails before the host is contacted. */
        <T> T withManager(PrintWriter out, Function<CertificateManager, T> action) {
            Optional<Kubeadm.ClusterConfiguration> cluster = config.map(ConfigLoader::load)
                    .flatMap(ConfigDocuments::clusterConfiguration);
            String dir = certDir.or(() -> cluster.map(Kubeadm.ClusterConfiguration::certificatesDir))
                    .orElse(Defaults.CERTIFICATES_DIR);
            Duration validity = cluster.map(Kubeadm.ClusterConfiguration::certificateValidityPeriod)
                    .map(GoDuration::parse).orElse(Defaults.CERTIFICATE_VALIDITY);
            PkiListener listener = PkiListener.of(out::println, m -> out.println("WARNING: " + m));
            try (Host host = target.open()) {
                return action.apply(new CertificateManager(host, dir, kubeconfigDir.orElse(Defaults.KUBERNETES_DIR),
                        validity, Clock.systemUTC(), listener));
            }
        }
    }

    @Command(name = "check-expiration", mixinStandardHelpOptions = true,
            description = "Show when each certificate, kubeconfig client certificate and CA expires.")
    static final class CheckExpiration implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Locations locations = new Locations();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String table = locations.withManager(out, m -> m.checkExpiration().render());
            out.print(table);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = "Renew a certificate (or all of them) with the same CA, subject, SANs and usages and a"
                    + " fresh key. CAs and kubelet.conf (rotated by the kubelet) are not renewed.",
            footerHeading = "%nExamples:%n",
            footer = {"  kboot certs renew all", "  kboot certs renew apiserver --host root@192.168.56.10", ""})
    static final class Renew implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Locations locations = new Locations();

        @Parameters(paramLabel = "NAME", completionCandidates = Names.class,
                description = "all, or one of: ${COMPLETION-CANDIDATES}.")
        String name;

        @Override
        public Integer call() {
            // A name kboot does not know is bad input: refused here, before SSH logs in anywhere.
            CertificateManager.requireSelection(name);
            PrintWriter out = spec.commandLine().getOut();
            locations.withManager(out, m -> m.renew(name));
            out.flush();
            return ExitCodes.OK;
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CertificateManager.selections().iterator();
        }
    }
}
