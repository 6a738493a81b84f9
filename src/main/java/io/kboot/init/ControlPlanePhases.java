package io.kboot.init;

import io.kboot.config.InitSettings;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.host.Command;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import io.kboot.node.NodeFiles;
import io.kboot.patches.PatchTarget;
import io.kboot.workflow.Phase;
import java.util.List;

/**
 * {@code etcd}, {@code control-plane} and {@code kubelet-start}: the static Pod manifests kubeadm
 * writes for the control plane, and the kubelet's configuration, after which the kubelet is
 * (re)started and runs them. A file already holding what kboot would write is left alone.
 */
final class ControlPlanePhases {
    static final String MANIFESTS = NodeFiles.MANIFESTS;

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
                Phase.leaf("apiserver", "Generate the kube-apiserver static Pod manifest",
                        ctx -> writeManifest(ctx, Component.KUBE_APISERVER)),
                Phase.leaf("controller-manager", "Generate the kube-controller-manager static Pod manifest",
                        ctx -> writeManifest(ctx, Component.KUBE_CONTROLLER_MANAGER)),
                Phase.leaf("scheduler", "Generate the kube-scheduler static Pod manifest",
                        ctx -> writeManifest(ctx, Component.KUBE_SCHEDULER)));
    }

    static Phase<InitContext> kubeletStart() {
        return Phase.leaf("kubelet-start", "Write kubelet settings and (re)start the kubelet", ControlPlanePhases::kubeletStart);
    }

    static void writeManifest(InitContext ctx, Component component) {
        NodeFiles.writeManifest(ctx.host(), ctx.reporter(), MANIFESTS, component, spec(ctx), ctx.settings().run().patches());
    }

    static void kubeletStart(InitContext ctx) {
        InitSettings s = ctx.settings();
        Host host = ctx.host();
        NodeFiles.reportPatches(host, ctx.reporter(), s.run().patches(), PatchTarget.KUBELET_CONFIGURATION);
        String config = KubeletFiles.config(ctx.dnsServiceIp(), s.cluster().networking().dnsDomain(), s.node().criSocket(),
                s.pki().certificatesDir() + "/ca.crt", s.components().kubeletConfiguration());
        boolean changed = NodeFiles.writeIfChanged(host, KubeletFiles.CONFIG, KubeletFiles.patched(config, s.run().patches()),
                FileAttributes.PUBLIC);
        changed |= NodeFiles.writeIfChanged(host, KubeletFiles.FLAGS_ENV,
                KubeletFiles.flagsEnv(ctx.nodeName(), ctx.facts().hostname(), s.components().kubeletExtraArgs()),
                FileAttributes.PUBLIC);
        changed |= NodeFiles.writeIfChanged(host, KubeletFiles.INSTANCE_CONFIG, KubeletFiles.instanceConfig(s.node().criSocket()),
                FileAttributes.PUBLIC);
        if (!changed && host.exec(Command.query("systemctl is-active --quiet kubelet")).ok()) {
            ctx.info("kubelet settings unchanged and the kubelet is running");
            return;
        }
        ctx.info("Writing kubelet configuration to " + KubeletFiles.CONFIG + " and starting the kubelet");
        NodeFiles.restartKubelet(host);
    }

    /** The manifests' inputs, resolved from the settings and the node. */
    static ControlPlaneSpec spec(InitContext ctx) {
        return ctx.controlPlaneNode().spec(ctx.host(), List.of());
    }
}
