package io.kboot.config;

import io.kboot.KbootException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * kubeadm v1beta4's {@code timeouts}, resolved: kubeadm's defaults, then the InitConfiguration's
 * or JoinConfiguration's {@code timeouts}, then {@code --timeout NAME=DURATION} for one run.
 * Every wait on a node or an API server takes its bound from here.
 *
 * @param controlPlaneComponentHealthCheck the static Pods' health endpoints (4m)
 * @param kubeletHealthCheck               the kubelet's healthz (4m)
 * @param kubernetesAPICall                one API call, riding out an API server that restarts (1m)
 * @param etcdAPICall                      one etcd call (2m)
 * @param tlsBootstrap                     a joining kubelet's TLS bootstrap and what kubelet-start reads for it (5m)
 * @param discovery                        token discovery: cluster-info signed for the token (5m)
 * @param upgradeManifests                 a static Pod's new manifest running after an upgrade (5m)
 */
public record Timeouts(
        Duration controlPlaneComponentHealthCheck,
        Duration kubeletHealthCheck,
        Duration kubernetesAPICall,
        Duration etcdAPICall,
        Duration tlsBootstrap,
        Duration discovery,
        Duration upgradeManifests) {

    /** kubeadm v1beta4's defaults (constants.go). */
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofMinutes(4), Duration.ofMinutes(4), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5));

    /** The field names, as the v1beta4 documents and {@code --timeout} spell them. */
    private static final Map<String, Function<Timeouts, Duration>> FIELDS = fields();

    /** The document's values over kubeadm's defaults; the document was validated by {@link ConfigValidator}. */
    public static Timeouts from(Optional<Kubeadm.Timeouts> document) {
        if (document.isEmpty()) {
            return DEFAULTS;
        }
        Kubeadm.Timeouts t = document.get();
        return new Timeouts(
                or(t.controlPlaneComponentHealthCheck(), DEFAULTS.controlPlaneComponentHealthCheck),
                or(t.kubeletHealthCheck(), DEFAULTS.kubeletHealthCheck),
                or(t.kubernetesAPICall(), DEFAULTS.kubernetesAPICall),
                or(t.etcdAPICall(), DEFAULTS.etcdAPICall),
                or(t.tlsBootstrap(), DEFAULTS.tlsBootstrap),
                or(t.discovery(), DEFAULTS.discovery),
                or(t.upgradeManifests(), DEFAULTS.upgradeManifests));
    }

    /**
     * With {@code --timeout} values such as {@code discovery=10m} applied.
     *
     * @throws KbootException.InvalidInput naming the value for an unknown name, a malformed or non-positive duration
     */
    public Timeouts with(Iterable<String> overrides) {
        Map<String, Duration> values = new LinkedHashMap<>();
        FIELDS.forEach((name, get) -> values.put(name, get.apply(this)));
        for (String override : overrides) {
            int eq = override.indexOf('=');
            String name = eq < 0 ? override : override.substring(0, eq);
            if (eq < 0 || !FIELDS.containsKey(name)) {
                throw new KbootException.InvalidInput(
                        "--timeout " + Echo.quote(override) + ": expected NAME=DURATION with NAME one of "
                                + String.join(", ", FIELDS.keySet()) + " (e.g. --timeout discovery=10m)");
            }
            Duration value;
            try {
                value = GoDuration.parse(override.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new KbootException.InvalidInput("--timeout " + name + ": " + e.getMessage());
            }
            if (value.isZero() || value.isNegative()) {
                throw new KbootException.InvalidInput("--timeout " + name + ": must be longer than 0s");
            }
            values.put(name, value);
        }
        return new Timeouts(values.get("controlPlaneComponentHealthCheck"), values.get("kubeletHealthCheck"),
                values.get("kubernetesAPICall"), values.get("etcdAPICall"), values.get("tlsBootstrap"), values.get("discovery"),
                values.get("upgradeManifests"));
    }

    private static Duration or(String value, Duration fallback) {
        return value == null ? fallback : GoDuration.parse(value);
    }

    private static Map<String, Function<Timeouts, Duration>> fields() {
        Map<String, Function<Timeouts, Duration>> m = new LinkedHashMap<>();
        m.put("controlPlaneComponentHealthCheck", Timeouts::controlPlaneComponentHealthCheck);
        m.put("kubeletHealthCheck", Timeouts::kubeletHealthCheck);
        m.put("kubernetesAPICall", Timeouts::kubernetesAPICall);
        m.put("etcdAPICall", Timeouts::etcdAPICall);
        m.put("tlsBootstrap", Timeouts::tlsBootstrap);
        m.put("discovery", Timeouts::discovery);
        m.put("upgradeManifests", Timeouts::upgradeManifests);
        return m;
    }
}
