package io.kboot.config;

import io.kboot.KbootException;
import io.kboot.addons.Addons;
import io.kboot.apply.ClusterSpec;
import io.kboot.apply.HostSpec;
import io.kboot.controlplane.ClusterConfigMaps;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.controlplane.StaticPods;
import io.kboot.node.ControlPlaneNode;
import io.kboot.token.BootstrapObjects;
import io.kboot.token.BootstrapToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What kboot does with a config file on the workstation, end to end and without a host: load and
 * validate it, merge the settings, then make everything the run would write from them (static Pod
 * manifests, the kubelet's files, certificates' settings, the kubeadm-config ConfigMap, token
 * Secrets, the addons). An input must end here either accepted or as a located InvalidInput; any
 * other exception is a crash a user would see as "an unexpected error", possibly mid-run.
 */
final class ConfigPipeline {
    static final String SOURCE = "c.yaml";
    private static final InetAddress STAND_IN = IpAddresses.parse("192.0.2.10").orElseThrow();
    /**
     * "file:line:col: " before each problem, or, for something the file may leave out (kjoin's
     * endpoint, token, CA pin), a message saying which flag or argument gives it.
     */
    private static final Pattern LOCATED = Pattern.compile("(?:.*c\\.yaml:\\d+:\\d+: .+|.*(--[a-z]|first argument).*)");

    enum Outcome { ACCEPTED, INVALID }

    private ConfigPipeline() {}

    /**
     * @throws AssertionError for an exception other than InvalidInput, or an InvalidInput that does
     *     not say where, or a message line long enough to have echoed a whole huge value
     */
    static Outcome run(String text, Path dir) {
        try {
            accept(text, dir);
            return Outcome.ACCEPTED;
        } catch (KbootException.InvalidInput e) {
            for (String line : e.getMessage().split("\n")) {
                if (!LOCATED.matcher(line).matches()) {
                    throw new AssertionError("an InvalidInput without file:line:col: " + line, e);
                }
                if (line.length() > 1024 || line.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                    throw new AssertionError("a message line of " + line.length() + " characters, or with control characters: "
                            + Echo.prefix(line), e);
                }
            }
            return Outcome.INVALID;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("crashed: " + e, e);
        }
    }

    private static void accept(String text, Path dir) {
        ConfigDocuments docs = ConfigLoader.parse(SOURCE, text);
        if (docs.cluster().isPresent()) {
            // The cluster file is read from disk by kboot apply; "c.yaml" keeps the location's name.
            Path file = dir.resolve(SOURCE);
            try {
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ClusterSpec spec = ClusterSpec.load(file, dir);
            for (HostSpec host : spec.controlPlanes()) {
                InitSettings settings = spec.initSettings(host, Set.of(), spec.controlPlanes().size() > 1);
                controlPlane(settings, spec.documents());
            }
            return;
        }
        InitSettings init = InitSettings.from(docs, new InitSettings.Flags());
        controlPlane(init, docs);
        if (docs.join().isPresent()) {
            JoinSettings.from(docs, new JoinSettings.Flags());
        }
    }

    /** Everything kinit master makes from the settings, for a stand-in node. */
    private static void controlPlane(InitSettings s, ConfigDocuments docs) {
        ControlPlaneNode.requireSupported(s.cluster().kubernetesVersion(), docs.clusterConfigurationField("/kubernetesVersion"));
        String nodeName = s.node().name().orElse("node");
        ControlPlaneNode node = new ControlPlaneNode(s, nodeName, s.node().advertiseAddress().orElse(STAND_IN));
        node.pkiSettings();
        node.etcdPeerUrl();
        ControlPlaneSpec spec = node.spec(Set.copyOf(ControlPlaneSpec.OPTIONAL_CA_DIRECTORIES.values()), false, List.of());
        for (Component component : Component.values()) {
            StaticPods.render(component, spec, s.run().patches());
        }
        Networking networking = s.cluster().networking();
        String kubelet = KubeletFiles.config(networking.dnsServiceIp(), networking.dnsDomain(), s.node().criSocket(),
                s.pki().certificatesDir() + "/ca.crt", s.components().kubeletConfiguration());
        KubeletFiles.patched(kubelet, s.run().patches());
        KubeletFiles.flagsEnv(nodeName, "node", s.components().kubeletExtraArgs());
        KubeletFiles.instanceConfig(s.node().criSocket());
        ClusterConfigMaps.kubeadmConfig(s);
        ClusterConfigMaps.kubeletConfig(kubelet);
        String image = s.cluster().imageRepository();
        Addons.coreDns(image + "/coredns/coredns:v1.14.2", networking.dnsDomain(), networking.dnsServiceIp());
        Addons.kubeProxy(image + "/kube-proxy:" + s.cluster().kubernetesVersion(), "https://192.0.2.10:" + s.node().bindPort(),
                networking.podSubnets().stream().map(Cidr::toString).collect(Collectors.joining(",")));
        for (InitBootstrap.TokenSpec token : s.bootstrap().tokens()) {
            BootstrapObjects.tokenSecret(token.token().orElse(BootstrapToken.parse("abcdef.0123456789abcdef")),
                    token.description(),
                    Instant.now().plus(token.ttl()), token.usages(), token.groups());
        }
        s.bootstrap().taints().forEach(t -> t.key().length());
    }
}
