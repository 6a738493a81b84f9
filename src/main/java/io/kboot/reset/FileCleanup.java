package io.kboot.reset;

import io.kboot.etcd.LocalEtcd;
import io.kboot.hostprep.HostPaths;
import io.kboot.script.KeyValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * cleanup-node/files: what kubeadm reset deletes (the static Pod manifests, the certificate
 * directory, the six kubeconfig files, /etc/kubernetes/tmp, /var/lib/kubelet after unmounting
 * what the kubelet mounted in it, and this node's etcd data directory) plus the CNI configuration
 * and state kubeadm leaves (/etc/cni/net.d, /var/lib/cni). Directories that are Kubernetes' are
 * deleted whole; the configured etcd data and a non-default certificate directory are only
 * emptied, since they may be mount points or hold the operator's other files. /etc/kubernetes
 * itself goes only when nothing else is left in it.
 *
 * <p>/etc/cni/net.d is only emptied while containerd answers: its CRI plugin watches the directory
 * and exits fatally when it is deleted, and systemd's restart then makes it again (containerd 2.x,
 * {@code cni_conf_syncer.go}). The empty directory goes once containerd is stopped, here or after
 * host preparation is undone ({@link #removeIdleCniConfDir}).
 */
final class FileCleanup {
    static final String PHASE = "cleanup-node/files";
    static final String KUBERNETES_DIR = "/etc/kubernetes";
    static final String KUBELET_DIR = "/var/lib/kubelet";
    static final String CNI_CONF_DIR = "/etc/cni/net.d";
    static final String CONTAINERD_SOCKET = "/run/containerd/containerd.sock";
    static final List<String> KUBECONFIGS = List.of("admin.conf", "super-admin.conf", "kubelet.conf", "bootstrap-kubelet.conf",
            "controller-manager.conf", "scheduler.conf");

    /**
     * What this node's reset deletes, as node paths.
     *
     * @param kubeletDir the kubelet's directory: unmounted under, then deleted
     * @param removed    files and directories deleted whole
     * @param emptied    directories whose contents are deleted
     * @param parents    directories deleted only if empty afterwards
     * @param cniConfDir emptied, and deleted only if containerd does not answer on {@code socket}
     * @param socket     containerd's socket
     */
    record Targets(String kubeletDir, List<String> removed, List<String> emptied, List<String> parents, String cniConfDir,
            String socket) {}

    private FileCleanup() {}

    static Targets targets(ResetSettings settings, Optional<String> etcdDataDir) {
        HostPaths paths = settings.paths();
        List<String> removed = new ArrayList<>();
        List<String> emptied = new ArrayList<>();
        removed.add(paths.at(KUBERNETES_DIR + "/manifests"));
        KUBECONFIGS.forEach(name -> removed.add(paths.at(KUBERNETES_DIR + "/" + name)));
        removed.add(paths.at(KUBERNETES_DIR + "/tmp"));
        (settings.defaultCertificatesDir() ? removed : emptied).add(paths.at(settings.certificatesDir()));
        etcdDataDir.ifPresent(dir -> emptied.add(paths.at(dir)));
        removed.add(paths.at("/var/lib/cni"));
        return new Targets(paths.at(KUBELET_DIR), List.copyOf(removed), List.copyOf(emptied),
                List.of(paths.at(KUBERNETES_DIR), paths.at("/etc/cni")), paths.at(CNI_CONF_DIR), paths.at(CONTAINERD_SOCKET));
    }

    /** Defines kb_containerd_up: whether a containerd answers on the socket (and so watches the CNI directory). */
    private static String containerdUp(Targets targets) {
        return Scripts.template("files/containerd-up").word("socket", targets.socket()).render();
    }

    /** Prints kubelet-dir=, mount= (under it), present= and nonempty= lines. */
    static String check(Targets targets) {
        StringBuilder script = new StringBuilder(Scripts.template("files/check").script("kubelet_dir", resolveKubeletDir(targets))
                .word("dir", targets.kubeletDir()).render());
        for (String path : targets.removed()) {
            script.append(Scripts.template("files/check-removed").word("path", path).render());
        }
        for (String dir : targets.emptied()) {
            script.append(Scripts.template("files/check-emptied").word("dir", dir).render());
        }
        script.append(containerdUp(targets));
        script.append(Scripts.template("files/check-cni").word("dir", targets.cniConfDir()).render());
        for (String dir : targets.parents()) {
            script.append(Scripts.template("files/check-parent").word("dir", dir).render());
        }
        return script.toString();
    }

    static String change(Targets targets) {
        StringBuilder script = new StringBuilder(Scripts.template("files/delete-kubelet-dir")
                .script("kubelet_dir", resolveKubeletDir(targets)).word("dir", targets.kubeletDir()).render());
        for (String dir : targets.emptied()) {
            script.append(Scripts.template("files/empty").word("dir", dir).render());
        }
        for (String path : targets.removed()) {
            script.append(Scripts.template("files/remove").word("path", path).word("failed", "delete " + path).render());
        }
        script.append(containerdUp(targets));
        script.append(Scripts.template("files/delete-cni").word("dir", targets.cniConfDir()).words("parents", targets.parents())
                .render());
        return script.toString();
    }

    /**
     * After host preparation is undone (which stops the containerd kboot installed): deletes the
     * empty CNI configuration directory that files had to leave to the running containerd, and
     * /etc/cni if nothing else is in it. A containerd still answering keeps it.
     */
    static void removeIdleCniConfDir(ResetContext ctx) {
        Targets targets = targets(ctx.settings(), Optional.empty());
        String check = containerdUp(targets)
                + Scripts.template("files/check-idle-cni").word("dir", targets.cniConfDir()).render();
        if (Scripts.check(ctx, "host-prep", check).values("present").isEmpty()) {
            return;
        }
        Scripts.change(ctx, "host-prep", "delete the CNI directory", Scripts.template("files/delete-idle-cni")
                .word("dir", targets.cniConfDir()).word("failed", "delete " + targets.cniConfDir())
                .word("etc_cni", ctx.paths().at("/etc/cni")).render());
        ctx.info("deleted " + targets.cniConfDir() + ", which containerd kept until it was stopped");
    }

    /** Sets kdir: the kubelet's directory with symlinks resolved. */
    private static String resolveKubeletDir(Targets targets) {
        return Scripts.template("files/kubelet-dir").word("dir", targets.kubeletDir()).render();
    }

    static void run(ResetContext ctx) {
        Optional<LocalEtcd> etcd = LocalEtcd.read(ctx.host(), ctx.paths(), EtcdMemberRemoval.UNREADABLE_MANIFEST);
        Optional<String> dataDir = etcd.map(LocalEtcd::dataDir).filter(dir -> {
            Optional<String> problem = Removable.problem(dir);
            problem.ifPresent(
                    p -> ctx.warn("not deleting etcd's data directory " + dir + " named in " + LocalEtcd.MANIFEST + ": " + p));
            return problem.isEmpty();
        });
        ResetSettings settings = ctx.settings();
        Targets targets = targets(settings, dataDir);
        KeyValues facts = Scripts.check(ctx, PHASE, check(targets));
        List<String> present = facts.values("present");
        List<String> nonEmpty = facts.values("nonempty");
        List<String> mounts = facts.values("mount");
        if (present.isEmpty() && nonEmpty.isEmpty() && mounts.isEmpty()) {
            ctx.info("no Kubernetes files left (" + KUBERNETES_DIR + ", " + KUBELET_DIR + ", CNI configuration"
                    + dataDir.map(d -> ", etcd data in " + d).orElse("") + "): nothing to delete");
            return;
        }
        if (!settings.defaultCertificatesDir() && nonEmpty.contains(ctx.paths().at(settings.certificatesDir()))) {
            ctx.warn("cleaning a non-default certificates directory: " + settings.certificatesDir());
        }
        Scripts.change(ctx, PHASE, "delete", change(targets));
        if (!mounts.isEmpty()) {
            ctx.info("unmounted " + mounts.size() + " mount(s) under " + facts.value("kubelet-dir", ""));
        }
        List<String> done = new ArrayList<>(present);
        nonEmpty.forEach(dir -> done.add("the contents of " + dir));
        ctx.info("deleted " + String.join(", ", done));
    }
}
