package io.kboot.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.config.Cidr;
import io.kboot.config.IpAddresses;
import io.kboot.config.Kubeadm;
import io.kboot.patches.PatchTarget;
import io.kboot.patches.Patches;
import io.kboot.templates.Templates;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The static Pod manifests of the control plane, as kubeadm writes them (phases/controlplane and
 * phases/etcd): the Pod's shape comes from templates/static-pods, the command line is built here
 * as kubeadm's ArgumentsToCommand builds it ({@link KubeadmArgs}): kubeadm's defaults sorted by
 * name, then the user's extraArgs in the user's order, each replacing the default of its name.
 */
public final class StaticPods {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StaticPods() {}

    public static String render(Component component, ControlPlaneSpec spec) {
        return render(component, spec, Patches.none());
    }

    /**
     * The manifest with the user's patches for this component applied, as kubeadm's PatchStaticPod
     * applies them to the Pod it generated; kubeadm then writes the Pod with sorted keys, as every
     * manifest here is written.
     */
    public static String render(Component component, ControlPlaneSpec spec, Patches patches) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("image", image(component, spec));
        values.put("startupFailureThreshold", String.valueOf(startupFailureThreshold(spec)));
        String address = IpAddresses.format(spec.member().advertiseAddress());
        values.put("advertiseAddress", address);
        values.put("advertiseEndpoint", hostPort(spec.member().advertiseAddress(), spec.member().bindPort()));
        values.put("bindPort", String.valueOf(spec.member().bindPort()));
        values.put("advertiseClientUrl", "https://" + hostPort(spec.member().advertiseAddress(), 2379));
        values.put("dataDir", spec.etcd().dataDir());
        values.put("etcdCertDir", spec.paths().certificatesDir() + "/etcd");
        values.put("kubeconfig", spec.paths().kubernetesDir() + "/scheduler.conf");
        ObjectNode pod = Templates.renderTree("static-pods/" + component.manifestFile(), values);
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
        ArrayNode command = container.putArray("command").add(component.id());
        flags(component, spec).forEach(command::add);
        if (component == Component.KUBE_APISERVER || component == Component.KUBE_CONTROLLER_MANAGER) {
            addVolumes(component, spec, pod, container);
        }
        PatchTarget target = PatchTarget.staticPod(component.id());
        return Templates.toYaml(patches.filesFor(target).isEmpty() ? pod : asKubeadmDecodes(patches.apply(target, pod)));
    }

    /**
     * kubeadm decodes a patched manifest into a v1.Pod and encodes it again. Go then leaves out the
     * maps a patch emptied (labels, annotations, nodeSelector, resource lists: {@code omitempty}) and
     * writes the struct fields that are never left out ({@code status}, a container's
     * {@code resources}) as {@code {}} where a patch brought none, e.g. on a container it added.
     */
    private static ObjectNode asKubeadmDecodes(ObjectNode pod) {
        removeIfEmpty(pod.path("metadata"), "labels", "annotations");
        removeIfEmpty(pod.path("spec"), "nodeSelector");
        if (!pod.has("status")) {
            pod.putObject("status");
        }
        for (String list : List.of("initContainers", "containers")) {
            pod.path("spec").path(list).forEach(container -> {
                removeIfEmpty(container.path("resources"), "limits", "requests");
                if (container instanceof ObjectNode c && !c.has("resources")) {
                    c.putObject("resources");
                }
            });
        }
        return pod;
    }

    private static void removeIfEmpty(JsonNode parent, String... maps) {
        for (String name : maps) {
            if (parent instanceof ObjectNode object && object.path(name).isObject() && object.path(name).isEmpty()) {
                object.remove(name);
            }
        }
    }

    /**
     * "--name=value" for every flag of the component: kubeadm's defaults the user's extraArgs leave,
     * sorted by name, then the extraArgs as given ({@link KubeadmArgs}).
     */
    public static List<String> flags(Component component, ControlPlaneSpec spec) {
        Map<String, String> defaults = switch (component) {
            case ETCD -> etcdFlags(spec);
            case KUBE_APISERVER -> apiServerFlags(spec);
            case KUBE_CONTROLLER_MANAGER -> controllerManagerFlags(spec);
            case KUBE_SCHEDULER -> schedulerFlags(spec);
        };
        return KubeadmArgs.command(defaults, spec.components().extraArgs().getOrDefault(component, List.of()));
    }

    /**
     * Two defaults of kubeadm's getAPIServerCommand follow other components' extra arguments: etcd's
     * advertise-client-urls, when the user gives it, is where the API server finds etcd; and with an
     * authorization-config file the API server gets no --authorization-mode (the two exclude each other).
     */
    private static void followExtraArgs(Map<String, String> apiServer, ControlPlaneSpec spec) {
        Map<Component, List<Kubeadm.Arg>> extra = spec.components().extraArgs();
        lastValue(extra.getOrDefault(Component.ETCD, List.of()), "advertise-client-urls")
                .ifPresent(urls -> apiServer.put("etcd-servers", urls));
        if (lastValue(extra.getOrDefault(Component.KUBE_APISERVER, List.of()), "authorization-config").isPresent()) {
            apiServer.remove("authorization-mode");
        }
    }

    static Map<String, String> apiServerFlags(ControlPlaneSpec spec) {
        String pki = spec.paths().certificatesDir();
        Map<String, String> f = new TreeMap<>();
        f.put("advertise-address", IpAddresses.format(spec.member().advertiseAddress()));
        f.put("allow-privileged", "true");
        f.put("authorization-mode", "Node,RBAC");
        f.put("client-ca-file", pki + "/ca.crt");
        f.put("enable-admission-plugins", "NodeRestriction");
        f.put("enable-bootstrap-token-auth", "true");
        f.put("etcd-cafile", pki + "/etcd/ca.crt");
        f.put("etcd-certfile", pki + "/apiserver-etcd-client.crt");
        f.put("etcd-keyfile", pki + "/apiserver-etcd-client.key");
        boolean v6 = spec.member().advertiseAddress() instanceof Inet6Address;
        f.put("etcd-servers", v6 ? "https://[::1]:2379" : "https://127.0.0.1:2379");
        f.put("kubelet-client-certificate", pki + "/apiserver-kubelet-client.crt");
        f.put("kubelet-client-key", pki + "/apiserver-kubelet-client.key");
        f.put("kubelet-preferred-address-types", "InternalIP,ExternalIP,Hostname");
        f.put("proxy-client-cert-file", pki + "/front-proxy-client.crt");
        f.put("proxy-client-key-file", pki + "/front-proxy-client.key");
        f.put("requestheader-allowed-names", "front-proxy-client");
        f.put("requestheader-client-ca-file", pki + "/front-proxy-ca.crt");
        f.put("requestheader-extra-headers-prefix", "X-Remote-Extra-");
        f.put("requestheader-group-headers", "X-Remote-Group");
        f.put("requestheader-username-headers", "X-Remote-User");
        f.put("secure-port", String.valueOf(spec.member().bindPort()));
        f.put("service-account-issuer", "https://kubernetes.default.svc." + spec.cluster().networking().dnsDomain());
        f.put("service-account-key-file", pki + "/sa.pub");
        f.put("service-account-signing-key-file", pki + "/sa.key");
        f.put("service-cluster-ip-range", join(spec.cluster().networking().serviceSubnets()));
        f.put("tls-cert-file", pki + "/apiserver.crt");
        f.put("tls-private-key-file", pki + "/apiserver.key");
        followExtraArgs(f, spec);
        return f;
    }

    static Map<String, String> controllerManagerFlags(ControlPlaneSpec spec) {
        String pki = spec.paths().certificatesDir();
        String kubeconfig = spec.paths().kubernetesDir() + "/controller-manager.conf";
        Map<String, String> f = new TreeMap<>();
        f.put("authentication-kubeconfig", kubeconfig);
        f.put("authorization-kubeconfig", kubeconfig);
        f.put("bind-address", "127.0.0.1");
        f.put("client-ca-file", pki + "/ca.crt");
        f.put("cluster-name", spec.cluster().name());
        // Without ca.key (External CA) the controller manager cannot sign kubelet certificates.
        f.put("cluster-signing-cert-file", spec.host().externalCa() ? "" : pki + "/ca.crt");
        f.put("cluster-signing-key-file", spec.host().externalCa() ? "" : pki + "/ca.key");
        f.put("controllers", "*,bootstrapsigner,tokencleaner");
        f.put("kubeconfig", kubeconfig);
        f.put("leader-elect", "true");
        f.put("requestheader-client-ca-file", pki + "/front-proxy-ca.crt");
        f.put("root-ca-file", pki + "/ca.crt");
        f.put("service-account-private-key-file", pki + "/sa.key");
        f.put("use-service-account-credentials", "true");
        if (!spec.cluster().networking().podSubnets().isEmpty()) {
            f.put("allocate-node-cidrs", "true");
            f.put("cluster-cidr", join(spec.cluster().networking().podSubnets()));
            f.put("service-cluster-ip-range", join(spec.cluster().networking().serviceSubnets()));
        }
        return f;
    }

    static Map<String, String> schedulerFlags(ControlPlaneSpec spec) {
        String kubeconfig = spec.paths().kubernetesDir() + "/scheduler.conf";
        Map<String, String> f = new TreeMap<>();
        f.put("authentication-kubeconfig", kubeconfig);
        f.put("authorization-kubeconfig", kubeconfig);
        f.put("bind-address", "127.0.0.1");
        f.put("kubeconfig", kubeconfig);
        f.put("leader-elect", "true");
        return f;
    }

    static Map<String, String> etcdFlags(ControlPlaneSpec spec) {
        String certs = spec.paths().certificatesDir() + "/etcd";
        String client = "https://" + hostPort(spec.member().advertiseAddress(), 2379);
        String peer = "https://" + hostPort(spec.member().advertiseAddress(), 2380);
        boolean v6 = spec.member().advertiseAddress() instanceof Inet6Address;
        Map<String, String> f = new TreeMap<>();
        f.put("advertise-client-urls", client);
        f.put("cert-file", certs + "/server.crt");
        f.put("client-cert-auth", "true");
        f.put("data-dir", spec.etcd().dataDir());
        f.put("initial-advertise-peer-urls", peer);
        List<String> members = new ArrayList<>(spec.etcd().initialCluster());
        members.add(spec.member().nodeName() + "=" + peer);
        f.put("initial-cluster", String.join(",", members));
        if (!spec.etcd().initialCluster().isEmpty()) {
            f.put("initial-cluster-state", "existing");
        }
        f.put("key-file", certs + "/server.key");
        f.put("listen-client-urls", (v6 ? "https://[::1]:2379," : "https://127.0.0.1:2379,") + client);
        f.put("listen-metrics-urls", v6 ? "http://[::1]:2381" : "http://127.0.0.1:2381");
        f.put("listen-peer-urls", peer);
        f.put("name", spec.member().nodeName());
        f.put("peer-cert-file", certs + "/peer.crt");
        f.put("peer-client-cert-auth", "true");
        f.put("peer-key-file", certs + "/peer.key");
        f.put("peer-trusted-ca-file", certs + "/ca.crt");
        f.put("snapshot-count", "10000");
        f.put("trusted-ca-file", certs + "/ca.crt");
        // etcd 3.6 graduated the two experimental flags kubeadm sets; which names a release writes
        // for which etcd is in static-pods/releases.yaml.
        if (ManifestReleases.bundled().release(spec.cluster().kubernetesVersion()).etcdLegacyFlags(spec.etcd().imageTag())) {
            f.put("experimental-initial-corrupt-check", "true");
            f.put("experimental-watch-progress-notify-interval", "5s");
        } else {
            f.put("feature-gates", "InitialCorruptCheck=true");
            f.put("watch-progress-notify-interval", "5s");
        }
        return f;
    }

    private static void addVolumes(Component component, ControlPlaneSpec spec, ObjectNode pod, ObjectNode container) {
        // kubeadm keeps volumes in a map by name and writes them sorted.
        Map<String, Volume> volumes = new TreeMap<>();
        volumes.put("ca-certs", Volume.readOnlyAt("/etc/ssl/certs", "DirectoryOrCreate"));
        volumes.put("k8s-certs", Volume.readOnlyAt(spec.paths().certificatesDir(), "DirectoryOrCreate"));
        ControlPlaneSpec.OPTIONAL_CA_DIRECTORIES.forEach((name, path) -> {
            if (spec.host().caDirectories().contains(path)) {
                volumes.put(name, Volume.readOnlyAt(path, "DirectoryOrCreate"));
            }
        });
        if (component == Component.KUBE_CONTROLLER_MANAGER) {
            String kubeconfig = spec.paths().kubernetesDir() + "/controller-manager.conf";
            volumes.put("kubeconfig", Volume.readOnlyAt(kubeconfig, "FileOrCreate"));
        }
        List<Kubeadm.Arg> extraArgs = spec.components().extraArgs().getOrDefault(component, List.of());
        ManifestReleases.Release release = ManifestReleases.bundled().release(spec.cluster().kubernetesVersion());
        for (ManifestReleases.HostVolume extra : release.extraVolumes(component)) {
            volumes.put(extra.name(),
                    new Volume(lastValue(extraArgs, extra.pathFlag()).orElse(extra.path()), extra.type(), extra.readOnly()));
        }
        ArrayNode mounts = container.putArray("volumeMounts");
        ArrayNode podVolumes = ((ObjectNode) pod.path("spec")).putArray("volumes");
        volumes.forEach((name, volume) -> {
            ObjectNode mount = mounts.addObject().put("mountPath", volume.path()).put("name", name);
            if (volume.readOnly()) {
                mount.put("readOnly", true); // false is Go's zero value, which kubeadm's YAML leaves out
            }
            ObjectNode hostPath = NODES.objectNode().put("path", volume.path()).put("type", volume.type());
            podVolumes.add(NODES.objectNode().<ObjectNode>set("hostPath", hostPath).put("name", name));
        });
    }

    private record Volume(String path, String type, boolean readOnly) {
        static Volume readOnlyAt(String path, String type) {
            return new Volume(path, type, true);
        }
    }

    /** kubeadm's GetArgValue: the value of the last extra argument of that name. */
    private static Optional<String> lastValue(List<Kubeadm.Arg> args, String name) {
        Optional<String> value = Optional.empty();
        for (Kubeadm.Arg arg : args) {
            if (arg.name().equals(name)) {
                value = Optional.of(arg.value() == null ? "" : arg.value());
            }
        }
        return value;
    }

    /** kubeadm: ceil(ControlPlaneComponentHealthCheck / period of 10 s), 24 for the default 4 minutes. */
    static int startupFailureThreshold(ControlPlaneSpec spec) {
        long seconds = spec.components().healthCheckTimeout().toSeconds();
        return (int) Math.max(1, (seconds + 9) / 10);
    }

    static String image(Component component, ControlPlaneSpec spec) {
        if (component == Component.ETCD) {
            return spec.etcd().imageRepository() + "/" + component.id() + ":" + spec.etcd().imageTag();
        }
        return spec.cluster().imageRepository() + "/" + component.id() + ":" + spec.cluster().kubernetesVersion();
    }

    private static String join(List<Cidr> cidrs) {
        return cidrs.stream().map(Cidr::toString).collect(Collectors.joining(","));
    }

    static String hostPort(InetAddress address, int port) {
        String host = IpAddresses.format(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
