package io.kboot.node;

import io.kboot.config.Defaults;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.controlplane.StaticPods;
import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import io.kboot.patches.PatchTarget;
import io.kboot.patches.Patches;
import io.kboot.report.Reporter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Files a control-plane node is made of, written only when they differ: static Pod manifests and the like. */
public final class NodeFiles {
    public static final String MANIFESTS = Defaults.MANIFESTS_DIR;

    private NodeFiles() {}

    /**
     * Writes the component's static Pod manifest to {@code dir} (/etc/kubernetes/manifests, where the
     * kubelet looks) unless it already holds exactly this.
     */
    public static void writeManifest(Host host, Reporter reporter, String dir, Component component, ControlPlaneSpec spec,
            Patches patches) {
        String path = dir + "/" + component.manifestFile();
        String manifest = StaticPods.render(component, spec, patches);
        reportPatches(host, reporter, patches, PatchTarget.staticPod(component.id()));
        host.exec(Command.change("mkdir -p " + Shell.quote(dir) + " && chmod 0700 " + Shell.quote(dir))).orFail(host,
                "creating " + dir);
        if (writeIfChanged(host, path, manifest, FileAttributes.PRIVATE)) {
            reporter.info(host.name(), "Creating static Pod manifest for \"" + component.id() + "\" in " + path);
        } else {
            reporter.info(host.name(), "Using existing static Pod manifest for \"" + component.id() + "\" (unchanged)");
        }
    }

    /** Says which of the user's patch files change this target (kubeadm's "[patches] Applied patch ..."). */
    public static void reportPatches(Host host, Reporter reporter, Patches patches, PatchTarget target) {
        for (Patches.PatchFile file : patches.filesFor(target)) {
            reporter.info(host.name(),
                    "Applying the " + file.type().suffix() + " patch " + file.path() + " to \"" + target.fileName() + "\"");
        }
    }

    /** Warns of the files in the patches directory that patch nothing (a wrong extension or target): kubeadm skips them too. */
    public static void warnIgnoredPatches(Host host, Reporter reporter, Patches patches) {
        patches.ignored().forEach(f -> reporter.warn(host.name(), "patches: ignoring " + f.name() + ": " + f.reason()));
    }

    /**
     * (Re)starts the kubelet once its files are written, for kinit and kjoin alike: the unit is
     * enabled so it comes back at boot, and /var/lib/kubelet keeps kubeadm's 0700.
     */
    public static void restartKubelet(Host host) {
        host.exec(Command.change("chmod 0700 " + KubeletFiles.DIR + " && systemctl daemon-reload && systemctl enable kubelet"
                + " && systemctl restart kubelet")).orFail(host, "starting the kubelet");
    }

    /** Writes the file unless it already holds exactly this; true if it wrote. */
    public static boolean writeIfChanged(Host host, String path, String content, FileAttributes attributes) {
        return writeIfChanged(host, path, content.getBytes(StandardCharsets.UTF_8), attributes);
    }

    public static boolean writeIfChanged(Host host, String path, byte[] bytes, FileAttributes attributes) {
        if (host.read(path).map(existing -> Arrays.equals(existing, bytes)).orElse(false)) {
            return false;
        }
        host.upload(Content.of(bytes), path, attributes);
        return true;
    }
}
