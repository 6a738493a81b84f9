package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.host.Host;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * kubeadm's certificate directory on a host: the three CAs, their leaves and sa.key/sa.pub.
 *
 * <p>{@link #ensure} looks before it acts: usable files are kept and reported, missing ones are
 * made. Everything is checked and generated in memory first; only then is anything written, so
 * a bad file or setting leaves the directory as it was.
 */
public final class Pki {
    public static final String DEFAULT_CERT_DIR = "/etc/kubernetes/pki";
    /** Selects every certificate and the ServiceAccount key. */
    public static final String ALL = "all";

    private final Host host;
    private final CertDir dir;
    private final PkiSettings settings;
    private final PkiListener listener;
    private final KeyPool keys = new KeyPool();

    public Pki(Host host, String certDir, PkiSettings settings, PkiListener listener) {
        this.host = host;
        this.dir = new CertDir(host, certDir);
        this.settings = settings;
        this.listener = listener;
    }

    /** What {@link #ensure} accepts: "all", each certificate's name, and "sa". */
    public static List<String> selections() {
        return Stream.concat(Stream.of(ALL), Stream.concat(CertSpec.kubeadm().stream().map(CertSpec::name),
                Stream.of(CertSpec.SERVICE_ACCOUNT))).toList();
    }

    public String certDir() {
        return dir.dir();
    }

    public PkiSettings settings() {
        return settings;
    }

    /** The CA on the host, for signing kubeconfig client certificates; it takes prefetched keys. */
    public CertificateAuthority authority(String caName) {
        return CertificateAuthority.load(host, dir.dir(), caName, settings.issuing().clock().instant()).withKeys(keys);
    }

    /**
     * Starts generating, in the background, the keys that {@link #ensure} will need for these
     * selections: one per item whose files are all absent. Optional; ensure works without it.
     */
    public void prefetch(Collection<String> selections) {
        int missing = 0;
        for (String selection : selections) {
            List<CertSpec> specs = ALL.equals(selection) ? CertSpec.kubeadm()
                    : CertSpec.named(selection).map(List::of).orElse(List.of());
            for (CertSpec spec : specs) {
                if (!host.exists(dir.path(spec.certFile())) && !host.exists(dir.path(spec.keyFile()))) {
                    missing++;
                }
            }
            if ((ALL.equals(selection) || CertSpec.SERVICE_ACCOUNT.equals(selection))
                    && !host.exists(dir.path(CertSpec.SERVICE_ACCOUNT + ".key"))) {
                missing++;
            }
        }
        keys.prefetch(settings.issuing().encryptionAlgorithm(), missing);
    }

    /** Starts generating {@code count} keys for certificates issued later through {@link #authority}. */
    public void prefetchKeys(int count) {
        keys.prefetch(settings.issuing().encryptionAlgorithm(), count);
    }

    /**
     * Makes sure the selected certificates (or the ServiceAccount key) exist and are usable. A
     * single leaf needs its CA on disk already, as in kubeadm.
     *
     * @param selection "all", a certificate name ("apiserver", "etcd-ca"...) or "sa"
     * @return one entry per item, in kubeadm's order
     */
    public List<Ensured> ensure(String selection) {
        Instant start = settings.issuing().clock().instant();
        boolean all = ALL.equals(selection);
        List<CertSpec> specs = all ? CertSpec.kubeadm()
                : CertSpec.named(selection).map(List::of).orElseGet(() -> {
                    if (CertSpec.SERVICE_ACCOUNT.equals(selection)) {
                        return List.of();
                    }
                    throw new KbootException.InvalidInput("unknown certificate \"" + selection
                            + "\": valid names are " + String.join(", ", selections()));
                });
        Plan plan = new Plan(start);
        for (CertSpec spec : specs) {
            if (spec.isCa()) {
                plan.ca(spec);
            } else {
                plan.leaf(spec);
            }
        }
        if (all || CertSpec.SERVICE_ACCOUNT.equals(selection)) {
            plan.serviceAccount();
        }
        return plan.execute();
    }

    /** Checks first, then generates every missing key at once, then writes in kubeadm's order. */
    private final class Plan {
        private final Instant start;
        private final Map<String, CertificateAuthority> authorities = new HashMap<>();
        private final Map<String, CertSpec> newCas = new HashMap<>();
        private final List<Step> steps = new ArrayList<>();
        private int keysNeeded;

        Plan(Instant start) {
            this.start = start;
        }

        private sealed interface Step permits Reuse, Create, CreateSa, WriteSaPub {}

        private record Reuse(String name, List<String> infos, List<String> warnings) implements Step {}

        private record Create(CertSpec spec, int key, List<String> warnings) implements Step {}

        private record CreateSa(int key) implements Step {}

        private record WriteSaPub(PublicKey key) implements Step {}

        void ca(CertSpec spec) {
            Optional<CertificateAuthority> existing = CertificateAuthority.inspect(dir, spec, start);
            if (existing.isEmpty()) {
                newCas.put(spec.name(), spec);
                steps.add(new Create(spec, keysNeeded++, List.of()));
                return;
            }
            CertificateAuthority ca = existing.get();
            authorities.put(spec.name(), ca);
            List<String> warnings = new ArrayList<>();
            if (start.isBefore(ca.info().notBefore())) {
                warnings.add(ca.certPath() + " is not valid before " + ca.info().notBefore()
                        + ": is this machine's clock behind?");
            }
            String message = ca.external()
                    ? "External CA mode: using existing " + spec.baseName() + " certificate authority without its key"
                            + " (" + dir.path(spec.keyFile()) + " is absent); the certificates it signs must exist"
                    : "Using existing " + spec.baseName() + " certificate authority";
            steps.add(new Reuse(spec.name(), List.of(message), warnings));
        }

        void leaf(CertSpec spec) {
            String caName = spec.caName().orElseThrow();
            CertificateAuthority ca = authorities.get(caName);
            boolean caIsNew = newCas.containsKey(caName);
            if (ca == null && !caIsNew) {
                CertSpec caSpec = CertSpec.named(caName).orElseThrow();
                ca = CertificateAuthority.inspect(dir, caSpec, start).orElseThrow(() -> new KbootException.InvalidInput(
                        "cannot create the " + spec.name() + " certificate: " + dir.path(caSpec.certFile())
                                + " does not exist; create the " + caName + " certificate authority first"));
                authorities.put(caName, ca);
            }
            List<String> warnings = new ArrayList<>();
            for (String ignored : spec.ignoredSans(settings)) {
                warnings.add("'" + ignored + "' was not added to the '" + spec.name()
                        + "' SAN, because it is not a valid IP or RFC-1123 compliant DNS entry");
            }
            String certPath = dir.path(spec.certFile());
            String keyPath = dir.path(spec.keyFile());
            Optional<Cert> cert = dir.readCert(spec.certFile());
            Optional<KeyPair> key = dir.readKey(spec.keyFile());
            if (cert.isEmpty() && key.isEmpty()) {
                if (ca != null && ca.external()) {
                    throw new KbootException.InvalidInput("cannot create the " + spec.name()
                            + " certificate: the " + caName + " certificate authority is external ("
                            + ca.certPath() + " without its key); provide " + certPath + " and " + keyPath);
                }
                steps.add(new Create(spec, keysNeeded++, warnings));
                return;
            }
            if (cert.isEmpty() || key.isEmpty()) {
                String present = cert.isPresent() ? certPath : keyPath;
                String absent = cert.isPresent() ? keyPath : certPath;
                throw new KbootException.InvalidInput(present + " exists but " + absent
                        + " does not: restore it, or remove " + present + " to have both generated");
            }
            if (!Keys.same(key.get().getPublic(), cert.get().publicKey())) {
                throw new KbootException.InvalidInput(keyPath + " does not match the public key of " + certPath);
            }
            if (ca == null) {
                throw new KbootException.InvalidInput(certPath + " exists but its certificate authority "
                        + dir.path(CertSpec.named(caName).orElseThrow().certFile())
                        + " does not: restore the CA, or remove " + certPath + " and " + keyPath);
            }
            if (!ca.issued(cert.get())) {
                throw new KbootException.InvalidInput(certPath + " is not signed by the " + caName
                        + " certificate authority (" + ca.certPath() + ")");
            }
            CertInfo info = cert.get().info();
            List<String> missing = spec.altNames().apply(settings).notCoveredBy(info.altNames());
            if (!missing.isEmpty()) {
                throw new KbootException.InvalidInput(certPath + " lacks SANs the settings require: "
                        + String.join(", ", missing) + ". Remove " + certPath + " and " + keyPath
                        + " to have it regenerated");
            }
            if (start.isAfter(info.notAfter())) {
                warnings.add(certPath + " expired on " + info.notAfter() + "; renew it with 'kboot certs renew "
                        + spec.name() + "'");
            } else if (start.isBefore(info.notBefore())) {
                warnings.add(certPath + " is not valid before " + info.notBefore() + ": is this machine's clock behind?");
            }
            steps.add(new Reuse(spec.name(),
                    List.of("Using existing " + spec.baseName() + " certificate and key on disk"), warnings));
        }

        void serviceAccount() {
            String keyFile = CertSpec.SERVICE_ACCOUNT + ".key";
            String pubFile = CertSpec.SERVICE_ACCOUNT + ".pub";
            Optional<KeyPair> key = dir.readKey(keyFile);
            Optional<PublicKey> pub = dir.readPublicKey(pubFile);
            if (key.isEmpty()) {
                if (pub.isPresent()) {
                    throw new KbootException.InvalidInput(dir.path(pubFile) + " exists but " + dir.path(keyFile)
                            + " does not: restore the key, or remove " + dir.path(pubFile) + " to have both generated");
                }
                steps.add(new CreateSa(keysNeeded++));
                return;
            }
            if (pub.isPresent() && !Keys.same(pub.get(), key.get().getPublic())) {
                throw new KbootException.InvalidInput(dir.path(pubFile) + " does not match " + dir.path(keyFile));
            }
            steps.add(new Reuse(CertSpec.SERVICE_ACCOUNT, List.of("Using the existing \"sa\" key"), List.of()));
            if (pub.isEmpty()) {
                steps.add(new WriteSaPub(key.get().getPublic()));
            }
        }

        List<Ensured> execute() {
            List<KeyPair> keys = Pki.this.keys.take(settings.issuing().encryptionAlgorithm(), keysNeeded);
            // Sign everything before writing anything.
            Map<String, Cert> signed = new HashMap<>();
            for (Step step : steps) {
                if (step instanceof Create c && c.spec().isCa()) {
                    KeyPair key = keys.get(c.key());
                    Cert cert = Signing.selfSignedCa(c.spec().commonName().apply(settings), key, start,
                            settings.issuing().caCertificateValidity());
                    signed.put(c.spec().name(), cert);
                    authorities.put(c.spec().name(), CertificateAuthority.created(c.spec(), dir, cert, key));
                }
            }
            for (Step step : steps) {
                if (step instanceof Create c && !c.spec().isCa()) {
                    CertificateAuthority ca = authorities.get(c.spec().caName().orElseThrow());
                    signed.put(c.spec().name(), ca.sign(c.spec().request(settings), keys.get(c.key()).getPublic(),
                            start, settings.issuing().certificateValidity()));
                }
            }
            List<Ensured> results = new ArrayList<>();
            for (Step step : steps) {
                if (step instanceof Reuse r) {
                    r.warnings().forEach(listener::warn);
                    r.infos().forEach(listener::info);
                    results.add(Ensured.reused(r.name()));
                } else if (step instanceof Create c) {
                    CertSpec spec = c.spec();
                    c.warnings().forEach(listener::warn);
                    listener.info("Generating \"" + spec.name() + "\" certificate and key");
                    if (spec.usages().contains(ExtKeyUsage.SERVER_AUTH)) {
                        listener.info(spec.baseName() + " serving cert is signed for "
                                + spec.altNames().apply(settings).describe());
                    }
                    // The key first: interrupted between the two, the next run reports a key
                    // without its certificate instead of mistaking a lone CA certificate for an
                    // external CA.
                    dir.writeKey(spec.keyFile(), Pem.privateKey(keys.get(c.key())));
                    dir.writeCert(spec.certFile(), signed.get(spec.name()).pem());
                    results.add(Ensured.created(spec.name()));
                } else if (step instanceof CreateSa s) {
                    listener.info("Generating \"sa\" key and public key");
                    KeyPair key = keys.get(s.key());
                    dir.writeKey("sa.key", Pem.privateKey(key));
                    // sa.pub is written with WriteKey too in kubeadm, hence 0600.
                    dir.writeKey("sa.pub", Pem.publicKey(key.getPublic()));
                    results.add(Ensured.created(CertSpec.SERVICE_ACCOUNT));
                } else if (step instanceof WriteSaPub p) {
                    listener.info("Writing the missing sa.pub from the existing sa.key");
                    dir.writeKey("sa.pub", Pem.publicKey(p.key()));
                }
            }
            return results;
        }
    }
}
