package io.kboot.upgrade;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.controlplane.Component;
import io.kboot.hostprep.ComponentVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * kubeadm's version skew policy for upgrades (cmd/kubeadm/app/phases/upgrade/policy.go,
 * EnforceVersionPolicies), checked on the workstation before any node is touched, as a pure
 * function of what runs ({@link ClusterVersions}) and what is asked for. Each rule gives a named
 * {@link Verdict}; refusals are exit 2 and name the rule, skippable ones pass with --force.
 *
 * <p>Where kboot differs from kubeadm v1.36: kubeadm lets a released version go one minor down;
 * kboot refuses any minor downgrade (its manifests and backups are made for going up). kubeadm's
 * own version is, for kboot, the releases it knows ({@code templates/versions.yaml} with etcd and
 * CoreDNS pins; {@code ManifestReleasesTest} holds {@code static-pods/releases.yaml} to have an
 * entry for each of them).
 */
public final class SkewPolicy {
    /** kubeadm's MaximumAllowedMinorVersionUpgradeSkew: one minor release at a time. */
    public static final int MAX_MINOR_UPGRADE = 1;
    /** kubeadm's MaximumAllowedMinorVersionKubeletSkew (v1.28 and later): kubelets up to three minors behind. */
    public static final int MAX_KUBELET_SKEW = 3;

    public static final String MINOR_UPGRADE = "minor-upgrade";
    public static final String MINOR_DOWNGRADE = "minor-downgrade";
    public static final String PATCH_DOWNGRADE = "patch-downgrade";
    public static final String NOTHING_TO_UPGRADE = "nothing-to-upgrade";
    public static final String UNSTABLE_VERSION = "unstable-version";
    public static final String KNOWN_RELEASE = "known-release";
    public static final String BUNDLE_VERSION = "bundle-version";
    public static final String KUBELET_SKEW = "kubelet-skew";
    public static final String ETCD_DOWNGRADE = "etcd-downgrade";
    public static final String FIRST_CONTROL_PLANE = "first-control-plane";

    /** What a rule says. */
    public enum Outcome {
        /** The rule holds. */
        PASS,
        /** The rule holds, and a step is skipped or unneeded (etcd is not downgraded, nothing to upgrade). */
        NOTICE,
        /** kubeadm's skippable errors: refused unless --force, then printed as a warning. */
        SKIPPABLE,
        /** kubeadm's mandatory errors: refused whatever the flags. */
        REFUSED
    }

    /** One rule's answer: its stable name, the outcome and a message with the values. */
    public record Verdict(String rule, Outcome outcome, String message) {
        /** Does this verdict stop the upgrade? */
        public boolean blocks(boolean force) {
            return outcome == Outcome.REFUSED || outcome == Outcome.SKIPPABLE && !force;
        }

        /** "[minor-upgrade] v1.34.2 → v1.36.3 ... (skippable with --force)". */
        public String describe() {
            return "[" + rule + "] " + message + (outcome == Outcome.SKIPPABLE ? " (skippable with --force)" : "");
        }
    }

    /** Every verdict of one check, in the order the rules run. */
    public record Verdicts(KubernetesVersion running, KubernetesVersion target, List<Verdict> all) {
        public Verdicts {
            all = List.copyOf(all);
        }

        public Optional<Verdict> verdict(String rule) {
            return all.stream().filter(v -> v.rule().equals(rule)).findFirst();
        }

        /** The verdicts that stop the upgrade. */
        public List<Verdict> blocking(boolean force) {
            return all.stream().filter(v -> v.blocks(force)).toList();
        }

        /** The target is what the control plane runs: nothing to upgrade there (kubelets may still lag). */
        public boolean nothingToUpgrade() {
            return verdict(NOTHING_TO_UPGRADE).isPresent();
        }

        /** kubeadm skips the etcd upgrade when the target's etcd is older than the running one. */
        public boolean skipsEtcd() {
            return verdict(ETCD_DOWNGRADE).map(v -> v.outcome() == Outcome.NOTICE).orElse(false);
        }

        /**
         * Refuses, exit 2, when a verdict blocks; with {@code force}, each skippable refusal goes to
         * {@code warn} instead.
         *
         * @throws KbootException.InvalidInput naming every blocking rule
         */
        public void enforce(boolean force, Consumer<String> warn) {
            List<Verdict> blocking = blocking(force);
            if (!blocking.isEmpty()) {
                throw new KbootException.InvalidInput("the version skew policy refuses the upgrade from " + running + " to "
                        + target + "; nothing was changed:\n  "
                        + blocking.stream().map(Verdict::describe).collect(Collectors.joining("\n  ")));
            }
            all.stream().filter(v -> v.outcome() == Outcome.SKIPPABLE)
                    .forEach(v -> warn.accept("--force: passing [" + v.rule() + "] " + v.message()));
        }
    }

    private SkewPolicy() {}

    /**
     * Every rule for upgrading the cluster's control plane to {@code target}.
     *
     * @param cluster what runs; its running release is kubeadm-config's
     * @param bundle the release of the bundle the upgrade installs, when one is given
     */
    public static Verdicts check(ClusterVersions cluster, KubernetesVersion target, Optional<KubernetesVersion> bundle) {
        KubernetesVersion running = cluster.configured();
        List<Verdict> verdicts = new ArrayList<>(versionChange(running, target));
        if (target.compareTo(running) == 0 && target.preRelease().equals(running.preRelease())) {
            verdicts.add(new Verdict(NOTHING_TO_UPGRADE, Outcome.NOTICE,
                    "kube-system/kubeadm-config says the cluster runs " + running + " already: nothing to upgrade on the"
                            + " control plane"));
        }
        if (!target.preRelease().isEmpty()) {
            verdicts.add(new Verdict(UNSTABLE_VERSION, Outcome.SKIPPABLE,
                    target + " is an unstable version (" + target.preRelease().substring(1) + ")"));
        }
        Verdict known = knownRelease(target);
        verdicts.add(known);
        bundle.ifPresent(b -> verdicts.add(bundleVersion(b, target)));
        verdicts.add(kubeletSkew(cluster, target));
        if (known.outcome() == Outcome.PASS) {
            etcd(cluster, target).ifPresent(verdicts::add);
        }
        return new Verdicts(running, target, verdicts);
    }

    /**
     * The rules a change of release answers from the two versions alone: one minor up at most, no
     * minor or patch downgrade. {@code kboot apply} asks them of its file's version before it plans
     * any node; {@link #check} asks them first.
     */
    public static List<Verdict> versionChange(KubernetesVersion running, KubernetesVersion target) {
        List<Verdict> verdicts = new ArrayList<>(List.of(minorUpgrade(running, target), minorDowngrade(running, target)));
        patchDowngrade(running, target).ifPresent(verdicts::add);
        return verdicts;
    }

    static Verdict minorUpgrade(KubernetesVersion running, KubernetesVersion target) {
        boolean tooFar = target.major() != running.major() || target.minor() > running.minor() + MAX_MINOR_UPGRADE;
        if (!tooFar) {
            return new Verdict(MINOR_UPGRADE, Outcome.PASS, running + " → " + target + ": at most "
                    + MAX_MINOR_UPGRADE + " minor release up");
        }
        // As kubeadm: a released version is held to the rule, a CI/pre-release one may jump with --force.
        return new Verdict(MINOR_UPGRADE, target.preRelease().isEmpty() ? Outcome.REFUSED : Outcome.SKIPPABLE,
                running + " → " + target + " is too far: an upgrade goes " + MAX_MINOR_UPGRADE
                        + " minor release at a time (upgrade to v" + running.major() + "." + (running.minor() + 1) + " first)");
    }

    static Verdict minorDowngrade(KubernetesVersion running, KubernetesVersion target) {
        if (target.major() < running.major() || target.major() == running.major() && target.minor() < running.minor()) {
            return new Verdict(MINOR_DOWNGRADE, Outcome.REFUSED, running + " → " + target + " goes down a minor release:"
                    + " kboot does not downgrade a control plane (restore a backup instead)");
        }
        return new Verdict(MINOR_DOWNGRADE, Outcome.PASS, running + " → " + target + ": not a minor downgrade");
    }

    /** Present only within one minor release. */
    static Optional<Verdict> patchDowngrade(KubernetesVersion running, KubernetesVersion target) {
        if (target.major() != running.major() || target.minor() != running.minor()) {
            return Optional.empty();
        }
        if (target.patch() < running.patch()) {
            return Optional.of(new Verdict(PATCH_DOWNGRADE, Outcome.SKIPPABLE, running + " → " + target
                    + " goes down a patch release"));
        }
        return Optional.of(new Verdict(PATCH_DOWNGRADE, Outcome.PASS, running + " → " + target + ": not a patch downgrade"));
    }

    static Verdict knownRelease(KubernetesVersion target) {
        List<Integer> minors = ComponentVersions.bundled().controlPlaneMinors();
        String known = minors.stream().map(m -> "v1." + m).collect(Collectors.joining(", "));
        if (target.major() == 1 && minors.contains(target.minor())) {
            return new Verdict(KNOWN_RELEASE, Outcome.PASS, "kboot makes control planes of " + target.minorVersion()
                    + " (templates/versions.yaml, templates/static-pods/releases.yaml)");
        }
        return new Verdict(KNOWN_RELEASE, Outcome.REFUSED, "kboot cannot make a control plane of " + target
                + ": templates/versions.yaml and templates/static-pods/releases.yaml know " + known);
    }

    static Verdict bundleVersion(KubernetesVersion bundle, KubernetesVersion target) {
        if (bundle.equals(target)) {
            return new Verdict(BUNDLE_VERSION, Outcome.PASS, "the bundle carries " + target);
        }
        return new Verdict(BUNDLE_VERSION, Outcome.REFUSED, "the bundle carries " + bundle + ", the target is " + target
                + ": make a bundle of " + target + " (scripts/k8s/build --version " + target + ", then kboot bundle create)");
    }

    static Verdict kubeletSkew(ClusterVersions cluster, KubernetesVersion target) {
        List<String> tooOld = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (ClusterVersions.NodeVersions node : cluster.nodes()) {
            if (node.kubelet().isEmpty()) {
                unreadable.add(node.name() + " (no kubelet version reported)");
                continue;
            }
            try {
                KubernetesVersion kubelet = KubernetesVersion.parse(node.kubelet().get());
                if (kubelet.major() != target.major() || target.minor() > kubelet.minor() + MAX_KUBELET_SKEW) {
                    tooOld.add(node.name() + " " + kubelet);
                }
            } catch (IllegalArgumentException e) {
                unreadable.add(node.name() + " (\"" + node.kubelet().get() + "\")");
            }
        }
        if (tooOld.isEmpty() && unreadable.isEmpty()) {
            return new Verdict(KUBELET_SKEW, Outcome.PASS, "every kubelet is at most " + MAX_KUBELET_SKEW
                    + " minor releases behind " + target);
        }
        List<String> parts = new ArrayList<>();
        if (!tooOld.isEmpty()) {
            parts.add("kubelets more than " + MAX_KUBELET_SKEW + " minor releases behind " + target + ": "
                    + String.join(", ", tooOld));
        }
        if (!unreadable.isEmpty()) {
            parts.add("kubelet versions that cannot be read: " + String.join(", ", unreadable));
        }
        return new Verdict(KUBELET_SKEW, Outcome.SKIPPABLE, String.join("; ", parts));
    }

    /**
     * kubeadm never downgrades etcd: when the target's pinned etcd is older than one that runs,
     * it skips the etcd upgrade. A verdict, not a refusal. Empty when no etcd mirror Pod was found.
     */
    static Optional<Verdict> etcd(ClusterVersions cluster, KubernetesVersion target) {
        String pinned = ComponentVersions.bundled().controlPlaneRelease(target).etcd();
        Optional<ClusterVersions.NodeVersions> newest = cluster.controlPlanes().stream()
                .filter(n -> n.image(Component.ETCD).isPresent())
                .max((a, b) -> EtcdTags.compare(a.image(Component.ETCD).get(), b.image(Component.ETCD).get()));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        String running = newest.get().image(Component.ETCD).get();
        if (EtcdTags.compare(pinned, running) < 0) {
            return Optional.of(new Verdict(ETCD_DOWNGRADE, Outcome.NOTICE, "etcd " + running + " runs on "
                    + newest.get().name() + ", newer than " + target.minorVersion() + "'s " + pinned
                    + ": etcd is never downgraded, its upgrade is skipped"));
        }
        return Optional.of(new Verdict(ETCD_DOWNGRADE, Outcome.PASS, "etcd " + running + " → " + pinned
                + ": not a downgrade"));
    }

    /**
     * For {@code upgrade node}: the first control plane's {@code upgrade apply} writes the new
     * release into kubeadm-config, and every other node takes its release from there. A bundle of
     * another release than kubeadm-config names is refused: newer means the first control plane is
     * not upgraded yet.
     */
    public static Verdict firstControlPlaneUpgraded(KubernetesVersion configured, KubernetesVersion bundle) {
        int c = configured.compareTo(bundle);
        if (c == 0 && configured.preRelease().equals(bundle.preRelease())) {
            return new Verdict(FIRST_CONTROL_PLANE, Outcome.PASS, "kube-system/kubeadm-config says " + configured
                    + ", the bundle carries " + bundle);
        }
        if (c < 0) {
            return new Verdict(FIRST_CONTROL_PLANE, Outcome.REFUSED, "kube-system/kubeadm-config says the cluster runs "
                    + configured + ", the bundle carries " + bundle + ": upgrade the first control plane first (kboot upgrade"
                    + " apply " + bundle + " --host <first control plane> --bundle ...); upgrade node takes its release from"
                    + " kubeadm-config");
        }
        return new Verdict(FIRST_CONTROL_PLANE, Outcome.REFUSED, "kube-system/kubeadm-config says the cluster runs "
                + configured + ", the bundle carries the older " + bundle + ": make a bundle of " + configured
                + " (scripts/k8s/build --version " + configured + ", then kboot bundle create)");
    }
}
