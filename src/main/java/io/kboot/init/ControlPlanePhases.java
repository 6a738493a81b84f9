package io.kboot.init;

import io.kboot.config.Defaults;
import io.kboot.config.IpAddresses;
import io.kboot.config.InitSettings;
import io.kboot.config.Kubeadm;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.controlplane.StaticPods;
import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.workflow.Phase;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code etcd}, {@code control-plane} and {@code kubelet-start}: the static Pod manifests kubeadm
 * writes for the control plane, and the kubelet's configuration, after which the kubelet is
 * (re)started and runs them. A file already holding what kboot would write is left alone.
 */
final class ControlPlanePhases {
    static final String MANIFESTS = Defaults.MANIFESTS_DIR;

    private ControlPlanePhases() {}

    static Phase<InitContext> etcd() {
        return Phase.group("etcd", "Generate static Pod manifest file for local etcd",
                Phase.leaf("local", "Generate the static Pod manifest file for a local, single-node etcd", ctx -> {
                    ctx.host().exec(Command.change("mkdir -p " + Shell.quote(ctx.settings().components().etcdDataDir())
                            + " && chmod 0700 " + Shell.quote(ctx.settings().components().etcdDataDir())))
                            .orFail(ctx.host(), "creating the etcd data directory");
                    writeManifest(ctx, Component.ETCD);
                }));
    }

    static Phase<InitContext> controlPlane() {
        return Phase.group("control-plane", "Generate all static Pod manifest files necessary to establish the control plane",
                Phase.leaf("apiserver", "Generate the kube-apiserver static Pod manifest", ctx -> writeManifest(ctx, Component.KUBE_APISERVER)),
                Phase.leaf("controller-manager", "Generate the kube-controller-manager static Pod manifest",
                        ctx -> writeManifest(ctx, Component.KUBE_CONTROLLER_MANAGER)),
                Phase.leaf("scheduler", "Generate the kube-scheduler static Pod manifest", ctx -> writeManifest(ctx, Component.KUBE_SCHEDULER)));
    }

    static Phase<InitContext> kubeletStart() {
        return Phase.leaf("kubelet-start", "Write kubelet settings and (re)start the kubelet", ControlPlanePhases::kubeletStart);
    }

    static void writeManifest(InitContext ctx, Component component) {
        String path = MANIFESTS + "/" + component.manifestFile();
        String manifest = StaticPods.render(component, spec(ctx));
        ctx.host().exec(Command.change("mkdir -p " + MANIFESTS + " && chmod 0700 " + MANIFESTS))
                .orFail(ctx.host(), "creating " + MANIFESTS);
        if (writeIfChanged(ctx.host(), path, manifest, FileAttributes.PRIVATE)) {
            ctx.reporter().info(ctx.host().name(), "Creating static Pod manifest for \"" + component.id() + "\" in " + path);
        } else {
            ctx.reporter().info(ctx.host().name(), "Using existing static Pod manifest for \"" + component.id() + "\" (unchanged)");
        }
    }

    static void kubeletStart(InitContext ctx) {
        InitSettings s = ctx.settings();
        Host host = ctx.host();
        String dns = IpAddresses.format(s.serviceSubnets().get(0).address(10));
        boolean changed = writeIfChanged(host, KubeletFiles.CONFIG,
                KubeletFiles.config(dns, s.dnsDomain(), s.criSocket(), s.certificatesDir() + "/ca.crt", s.kubeletConfiguration()),
                FileAttributes.PUBLIC);
        changed |= writeIfChanged(host, KubeletFiles.FLAGS_ENV,
                KubeletFiles.flagsEnv(ctx.nodeName(), ctx.facts().hostname(), s.components().kubeletExtraArgs()), FileAttributes.PUBLIC);
        changed |= writeIfChanged(host, KubeletFiles.INSTANCE_CONFIG, KubeletFiles.instanceConfig(s.criSocket()), FileAttributes.PUBLIC);
        String name = host.name();
        if (!changed && host.exec(Command.query("systemctl is-active --quiet kubelet")).ok()) {
            ctx.reporter().info(name, "kubelet settings unchanged and the kubelet is running");
            return;
        }
        ctx.reporter().info(name, "Writing kubelet configuration to " + KubeletFiles.CONFIG + " and starting the kubelet");
        host.exec(Command.change("chmod 0700 " + KubeletFiles.DIR + " && systemctl daemon-reload && systemctl enable kubelet"
                + " && systemctl restart kubelet")).orFail(host, "starting the kubelet");
    }

    /** The manifests' inputs, resolved from the settings and the node. */
    static ControlPlaneSpec spec(InitContext ctx) {
        InitSettings s = ctx.settings();
        ComponentVersions.Release release = ComponentVersions.bundled().controlPlaneRelease(s.kubernetesVersion());
        Map<Component, List<Kubeadm.Arg>> extra = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            Optional.ofNullable(s.components().extraArgs().get(c.id())).ifPresent(args -> extra.put(c, args));
        }
        return new ControlPlaneSpec(s.kubernetesVersion(), s.imageRepository(), release.etcd(), ctx.nodeName(),
                ctx.advertiseAddress(), s.bindPort(), s.serviceSubnets(), s.podSubnets(), s.dnsDomain(), s.clusterName(),
                s.certificatesDir(), s.kubeconfigDir(), s.components().etcdDataDir(), extra, hostCaDirectories(ctx.host()),
                externalCa(ctx.host(), s.certificatesDir()), List.of(), s.components().healthCheckTimeout());
    }

    /** Which of the optional CA directories kubeadm mounts exist on the node (one query). */
    static Set<String> hostCaDirectories(Host host) {
        String dirs = ControlPlaneSpec.OPTIONAL_CA_DIRECTORIES.values().stream().sorted().collect(Collectors.joining(" "));
        String out = host.exec(Command.query("for d in " + dirs + "; do if [ -d \"$d\" ]; then echo \"$d\"; fi; done"))
                .orFail(host, "looking for CA certificate directories").stdout();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toSet());
    }

    /** kubeadm's External CA mode: ca.crt is there, ca.key is not. */
    static boolean externalCa(Host host, String certDir) {
        return host.exists(certDir + "/ca.crt") && !host.exists(certDir + "/ca.key");
    }

    /** Writes the file unless it already holds exactly this; true if it wrote. */
    static boolean writeIfChanged(Host host, String path, String content, FileAttributes attributes) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (host.read(path).map(existing -> Arrays.equals(existing, bytes)).orElse(false)) {
            return false;
        }
        host.upload(Content.of(bytes), path, attributes);
        return true;
    }
}
