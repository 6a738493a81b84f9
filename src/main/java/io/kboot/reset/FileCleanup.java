package io.kboot.reset;

import io.kboot.host.Shell;
import io.kboot.hostprep.HostPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return "kb_containerd_up() { [ -S " + Shell.quote(targets.socket()) + " ] && command -v ctr >/dev/null 2>&1"
                + " && ctr --address " + Shell.quote(targets.socket()) + " --connect-timeout 2s version >/dev/null 2>&1; }\n";
    }

    /** Prints kubelet-dir=, mount= (under it), present= and nonempty= lines. */
    static String check(Targets targets) {
        StringBuilder script = new StringBuilder(resolveKubeletDir(targets))
                .append("echo \"kubelet-dir=$kdir\"\n")
                .append("awk -v d=\"$kdir/\" 'index($2, d) == 1 {print \"mount=\" $2}' /proc/mounts\n")
                .append("if [ -d \"$kdir\" ]; then echo \"present=").append(targets.kubeletDir()).append("\"; fi\n");
        for (String path : targets.removed()) {
            String p = Shell.quote(path);
            script.append("if [ -e ").append(p).append(" ] || [ -L ").append(p).append(" ]; then echo present=").append(p).append("; fi\n");
        }
        for (String dir : targets.emptied()) {
            String d = Shell.quote(dir);
            script.append("if [ -n \"$(ls -A ").append(d).append(" 2>/dev/null)\" ]; then echo nonempty=").append(d).append("; fi\n");
        }
        String cni = Shell.quote(targets.cniConfDir());
        script.append(containerdUp(targets))
                .append("if [ -n \"$(ls -A ").append(cni).append(" 2>/dev/null)\" ]; then echo nonempty=").append(cni)
                .append("; elif [ -d ").append(cni).append(" ] && ! kb_containerd_up; then echo present=").append(cni).append("; fi\n");
        for (String dir : targets.parents()) {
            String d = Shell.quote(dir);
            script.append("if [ -d ").append(d).append(" ] && [ -z \"$(ls -A ").append(d).append(")\" ]; then echo present=").append(d)
                    .append("; fi\n");
        }
        return script.toString();
    }

    static String change(Targets targets) {
        StringBuilder script = new StringBuilder("""
                kb_empty() { [ -d "$1" ] || return 0; find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + || kb_warn "delete what $1 holds"; }
                """).append(resolveKubeletDir(targets)).append("""
                # What the kubelet mounted (volumes, projected secrets), deepest first, as kubeadm unmounts it before deleting.
                for m in $(awk -v d="$kdir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
                  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || kb_warn "unmount $m"
                done
                # Never delete through a mount point: a volume's data is not the node's to delete.
                if awk -v d="$kdir/" 'index($2, d) == 1 {found = 1} END {exit !found}' /proc/mounts; then
                  kb_warn "delete $kdir: something is still mounted under it"
                else
                  kb_empty "$kdir"
                """).append("  rmdir ").append(Shell.quote(targets.kubeletDir())).append(" 2>/dev/null || true\n").append("fi\n");
        for (String dir : targets.emptied()) {
            script.append("kb_empty ").append(Shell.quote(dir)).append('\n');
        }
        for (String path : targets.removed()) {
            script.append("rm -rf -- ").append(Shell.quote(path)).append(" || kb_warn ").append(Shell.quote("delete " + path)).append('\n');
        }
        String cni = Shell.quote(targets.cniConfDir());
        script.append(containerdUp(targets))
                .append("kb_empty ").append(cni).append('\n')
                .append("if ! kb_containerd_up; then rmdir ").append(cni).append(" 2>/dev/null || true; fi\n")
                .append("rmdir ").append(Shell.quoteAll(targets.parents())).append(" 2>/dev/null || true\n");
        return script.toString();
    }

    /**
     * After host preparation is undone (which stops the containerd kboot installed): deletes the
     * empty CNI configuration directory that files had to leave to the running containerd, and
     * /etc/cni if nothing else is in it. A containerd still answering keeps it.
     */
    static void removeIdleCniConfDir(ResetContext ctx) {
        Targets targets = targets(ctx.settings(), Optional.empty());
        String cni = Shell.quote(targets.cniConfDir());
        String check = containerdUp(targets) + "if [ -d " + cni + " ] && [ -z \"$(ls -A " + cni + ")\" ] && ! kb_containerd_up; then echo present="
                + cni + "; fi\n";
        if (Scripts.values(Scripts.check(ctx, "host-prep", check), "present").isEmpty()) {
            return;
        }
        Scripts.change(ctx, "host-prep", "delete the CNI directory", "rmdir " + cni + " || kb_warn " + Shell.quote("delete " + targets.cniConfDir())
                + "\nrmdir " + Shell.quote(ctx.paths().at("/etc/cni")) + " 2>/dev/null || true\n");
        ctx.info("deleted " + targets.cniConfDir() + ", which containerd kept until it was stopped");
    }

    /** The kubelet's directory with symlinks resolved, as kubeadm unmounts under the real path. */
    private static String resolveKubeletDir(Targets targets) {
        String k = Shell.quote(targets.kubeletDir());
        return "kdir=$(readlink -f " + k + " 2>/dev/null) || kdir=" + k + "\n[ -n \"$kdir\" ] || kdir=" + k + "\n";
    }

    static void run(ResetContext ctx) {
        Optional<LocalEtcd> etcd = LocalEtcd.read(ctx.host(), ctx.paths());
        Optional<String> dataDir = etcd.map(LocalEtcd::dataDir).filter(dir -> {
            Optional<String> problem = Removable.problem(dir);
            problem.ifPresent(p -> ctx.warn("not deleting etcd's data directory " + dir + " named in " + LocalEtcd.MANIFEST + ": " + p));
            return problem.isEmpty();
        });
        ResetSettings settings = ctx.settings();
        Targets targets = targets(settings, dataDir);
        Map<String, List<String>> facts = Scripts.check(ctx, PHASE, check(targets));
        List<String> present = Scripts.values(facts, "present");
        List<String> nonEmpty = Scripts.values(facts, "nonempty");
        List<String> mounts = Scripts.values(facts, "mount");
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
            ctx.info("unmounted " + mounts.size() + " mount(s) under " + Scripts.value(facts, "kubelet-dir"));
        }
        List<String> done = new ArrayList<>(present);
        nonEmpty.forEach(dir -> done.add("the contents of " + dir));
        ctx.info("deleted " + String.join(", ", done));
    }
}
