package io.kboot.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.certs.CertificateManager;
import io.kboot.certs.ExpirationReport;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.Defaults;
import io.kboot.config.GoDuration;
import io.kboot.config.Kubeadm;
import io.kboot.host.Host;
import io.kboot.pki.CertExpiration;
import io.kboot.pki.PkiListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
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
            description = {"Show when each certificate, kubeconfig client certificate and CA expires.",
                "With -o json|yaml, kubeadm's CertificateExpirationInfo document (output.kubeadm.k8s.io/v1alpha3)."},
            footerHeading = "%nExamples:%n",
            footer = {"  kboot certs check-expiration --host root@cp1",
                "  kboot certs check-expiration -o json | jq '.certificates[] | select(.residualTime < 2592000) | .name'", ""})
    static final class CheckExpiration implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Locations locations = new Locations();

        @Mixin
        PrintFormat output = new PrintFormat();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            // Messages on the way go to stderr when stdout carries a document.
            PrintWriter messages = output.isText() ? out : spec.commandLine().getErr();
            ExpirationReport report = locations.withManager(messages, CertificateManager::checkExpiration);
            if (output.isText()) {
                out.print(report.render());
            } else {
                output.print(out, List.of(document(report)));
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** kubeadm's CertificateExpirationInfo: its fields, in its order, a missing file as kubeadm shows one. */
        static ObjectNode document(ExpirationReport report) {
            ObjectNode doc = PrintFormat.document("CertificateExpirationInfo");
            ArrayNode certificates = doc.putArray("certificates");
            report.certificates().forEach(c -> certificate(certificates.addObject(), c));
            ArrayNode authorities = doc.putArray("certificateAuthorities");
            report.authorities().forEach(c -> certificate(authorities.addObject(), c));
            return doc;
        }

        private static void certificate(ObjectNode entry, CertExpiration c) {
            entry.put("name", c.name());
            c.expires().ifPresentOrElse(e -> entry.put("expirationDate", e.truncatedTo(ChronoUnit.SECONDS).toString()),
                    () -> entry.putNull("expirationDate"));
            entry.put("residualTime", c.residual().map(CheckExpiration::seconds).orElse(0L));
            entry.put("externallyManaged", c.externallyManaged());
            // kubeadm names no CA for a file it could not read.
            if (!c.certificateAuthority().isEmpty() && !c.isMissing()) {
                entry.put("caName", c.certificateAuthority());
            }
            entry.put("missing", c.isMissing());
        }

        /** Go's int64(d / time.Second): truncated toward zero, also for an expired (negative) residual time. */
        private static long seconds(Duration d) {
            return d.isNegative() && d.getNano() > 0 ? d.getSeconds() + 1 : d.getSeconds();
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
