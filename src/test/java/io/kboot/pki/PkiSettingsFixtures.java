package io.kboot.pki;

import io.kboot.config.CertSans;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** PkiSettings for tests with one part changed, so a test states only what it varies. */
public final class PkiSettingsFixtures {
    private PkiSettingsFixtures() {}

    public static PkiSettings cluster(PkiSettings s, UnaryOperator<PkiSettings.Cluster> change) {
        return s.withCluster(change.apply(s.cluster()));
    }

    public static PkiSettings issuing(PkiSettings s, UnaryOperator<PkiSettings.Issuing> change) {
        return s.withIssuing(change.apply(s.issuing()));
    }

    public static PkiSettings apiServerSans(PkiSettings s, List<String> sans) {
        return s.withSans(new CertSans(sans, s.sans().etcdServer(), s.sans().etcdPeer()));
    }

    public static PkiSettings etcdServerSans(PkiSettings s, List<String> sans) {
        return s.withSans(new CertSans(s.sans().apiServer(), sans, s.sans().etcdPeer()));
    }

    public static PkiSettings etcdPeerSans(PkiSettings s, List<String> sans) {
        return s.withSans(new CertSans(s.sans().apiServer(), s.sans().etcdServer(), sans));
    }

    public static PkiSettings certificateValidity(PkiSettings s, Duration validity) {
        return issuing(s, i -> new PkiSettings.Issuing(i.encryptionAlgorithm(), validity, i.caCertificateValidity(), i.clock()));
    }

    public static PkiSettings caCertificateValidity(PkiSettings s, Duration validity) {
        return issuing(s, i -> new PkiSettings.Issuing(i.encryptionAlgorithm(), i.certificateValidity(), validity, i.clock()));
    }
}
