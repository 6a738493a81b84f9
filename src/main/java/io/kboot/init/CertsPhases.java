package io.kboot.init;

import io.kboot.config.InitSettings;
import io.kboot.kubeconfig.KubeconfigSettings;
import io.kboot.kubeconfig.KubeconfigSpec;
import io.kboot.kubeconfig.Kubeconfigs;
import io.kboot.pki.CertSpec;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiSettings;
import io.kboot.workflow.Phase;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code certs} and {@code kubeconfig} phases of {@code kinit master}, one sub-phase per
 * certificate and per kubeconfig as in kubeadm ({@code phase certs apiserver}). The work is in the
 * pki and kubeconfig packages; this only adapts the context to them.
 */
final class CertsPhases {
    static final String CERTS = "certs";
    static final String KUBECONFIG = "kubeconfig";

    private CertsPhases() {}

    static Phase<InitContext> certs() {
        List<Phase<InitContext>> children = new ArrayList<>();
        for (CertSpec spec : CertSpec.kubeadm()) {
            children.add(Phase.leaf(spec.name(), "Generate the " + spec.summary(), ctx -> ensureCert(ctx, spec.name())));
        }
        children.add(Phase.leaf(CertSpec.SERVICE_ACCOUNT,
                "Generate a private key for signing service account tokens along with its public key",
                ctx -> ensureCert(ctx, CertSpec.SERVICE_ACCOUNT)));
        return Phase.group(CERTS, "Certificate generation", children);
    }

    static Phase<InitContext> kubeconfig() {
        List<Phase<InitContext>> children = new ArrayList<>();
        for (KubeconfigSpec spec : KubeconfigSpec.kubeadm()) {
            children.add(Phase.leaf(spec.name(), "Generate a " + spec.summary(), ctx -> ensureKubeconfig(ctx, spec.name())));
        }
        return Phase.group(KUBECONFIG,
                "Generate all kubeconfig files necessary to establish the control plane and the admin kubeconfig file",
                children);
    }

    private static void ensureCert(InitContext ctx, String name) {
        prefetch(ctx);
        ctx.pki().ensure(name);
    }

    private static void ensureKubeconfig(InitContext ctx, String name) {
        prefetch(ctx);
        ctx.kubeconfigs().ensure(name);
    }

    /**
     * On the first certs or kubeconfig phase of a run, starts generating the keys of every planned
     * one, so that they are made in parallel rather than one phase at a time.
     */
    private static void prefetch(InitContext ctx) {
        if (!ctx.startPrefetch()) {
            return;
        }
        List<String> certs = planned(ctx, CERTS);
        List<String> kubeconfigs = planned(ctx, KUBECONFIG);
        ctx.pki().prefetch(certs);
        ctx.kubeconfigs().prefetch(kubeconfigs);
    }

    private static List<String> planned(InitContext ctx, String group) {
        return ctx.plannedPhases().stream()
                .filter(p -> p.startsWith(group + "/"))
                .map(p -> p.substring(group.length() + 1))
                .toList();
    }

    static Pki newPki(InitContext ctx) {
        return new Pki(ctx.host(), ctx.settings().pki().certificatesDir(), pkiSettings(ctx), listener(ctx));
    }

    static Kubeconfigs newKubeconfigs(InitContext ctx) {
        InitSettings s = ctx.settings();
        return new Kubeconfigs(ctx.host(), s.pki().kubeconfigDir(), ctx.pki(),
                KubeconfigSettings.from(ctx.pki().settings(), s.node().bindPort()), listener(ctx));
    }

    static PkiSettings pkiSettings(InitContext ctx) {
        return ctx.controlPlaneNode().pkiSettings();
    }

    private static PkiListener listener(InitContext ctx) {
        String host = ctx.host().name();
        return PkiListener.of(m -> ctx.reporter().info(host, m), m -> ctx.reporter().warn(host, m));
    }
}
