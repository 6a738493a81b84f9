package io.kboot.reset;

import java.util.List;
import java.util.Map;

/**
 * cleanup-node/containers: kill and remove every container of containerd's {@code k8s.io}
 * namespace (the CRI's: pods and their sandboxes) with {@code ctr}, which kboot ships (crictl is
 * not). Going around the CRI leaves what the CRI would have torn down, so this removes it too: the
 * pods' network namespaces ({@code cni-*}, and with them the pods' veth ends), the sandboxes'
 * /dev/shm mounts, and the CRI plugin's memory of the pods, by restarting containerd (containers
 * of other namespaces keep running: their shims outlive a restart). A node without containerd, or
 * with containerd stopped, has no containers to remove.
 */
final class ContainerCleanup {
    static final String PHASE = "cleanup-node/containers";
    static final String NAMESPACE = "k8s.io";
    static final String SANDBOX_MOUNTS = "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/";

    static final String CHECK = """
            if ! command -v ctr >/dev/null 2>&1; then echo "containerd=absent"
            elif ! ctr --connect-timeout 5s version >/dev/null 2>&1; then echo "containerd=down"
            else
              echo "containerd=running"
              ctr --timeout 60s -n k8s.io containers ls -q | sed 's/^/container=/'
            fi
            if command -v ip >/dev/null 2>&1; then ip netns list 2>/dev/null | awk '$1 ~ /^cni-/ {print "netns=" $1}'; fi
            awk -v d=%s 'index($2, d) == 1 {print "mount=" $2}' /proc/mounts
            """.formatted(SANDBOX_MOUNTS);

    static final String REMOVE = """
            removed=no
            if command -v ctr >/dev/null 2>&1 && ctr --connect-timeout 5s version >/dev/null 2>&1; then
              kb_ctr() { ctr --timeout 60s -n k8s.io "$@"; }
              ids=$(kb_ctr containers ls -q) || kb_warn 'list the containers of the k8s.io namespace'
              for id in $ids; do kb_ctr tasks kill -a -s SIGKILL "$id" >/dev/null 2>&1 || true; done
              for id in $ids; do
                kb_ctr tasks rm -f "$id" >/dev/null 2>&1 || true
                if kb_ctr containers rm "$id" >/dev/null 2>&1; then removed=yes; else kb_warn "remove container $id"; fi
              done
            fi
            # A pod's network namespace holds the pod's end of its veth: deleting it deletes both ends.
            if command -v ip >/dev/null 2>&1; then
              for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^cni-/ {print $1}'); do
                ip netns delete "$ns" || kb_warn "delete the network namespace $ns"
              done
            fi
            for m in $(awk -v d=%s 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
              umount "$m" 2>/dev/null || umount -l "$m" || kb_warn "unmount $m"
            done
            # The CRI plugin keeps the removed pods in memory (and their names reserved) until containerd restarts.
            if [ "$removed" = yes ] && [ -d /run/systemd/system ] && systemctl is-active --quiet containerd 2>/dev/null; then
              systemctl restart containerd || kb_warn 'restart containerd'
            fi
            """.formatted(SANDBOX_MOUNTS);

    private ContainerCleanup() {}

    static void run(ResetContext ctx) {
        Map<String, List<String>> facts = Scripts.check(ctx, PHASE, CHECK);
        String containerd = Scripts.value(facts, "containerd");
        List<String> containers = Scripts.values(facts, "container");
        List<String> namespaces = Scripts.values(facts, "netns");
        List<String> mounts = Scripts.values(facts, "mount");
        if (containerd.equals("absent")) {
            ctx.info("containerd is not installed (no ctr): nothing to remove");
        } else if (containerd.equals("down")) {
            ctx.warn("containerd does not answer (is it stopped?): its k8s.io containers, if any, stay; start containerd and run"
                    + " 'kboot reset phase cleanup-node containers' to remove them");
        }
        if (containers.isEmpty() && namespaces.isEmpty() && mounts.isEmpty()) {
            if (containerd.equals("running")) {
                ctx.info("containerd has no containers in the " + NAMESPACE + " namespace: nothing to remove");
            }
            return;
        }
        Scripts.change(ctx, PHASE, "remove", REMOVE);
        ctx.info("removed " + containers.size() + " container(s) of the " + NAMESPACE + " namespace"
                + (namespaces.isEmpty() ? "" : ", " + namespaces.size() + " pod network namespace(s)")
                + (mounts.isEmpty() ? "" : ", " + mounts.size() + " sandbox mount(s)")
                + (containers.isEmpty() ? "" : "; restarted containerd so that its CRI plugin forgets them"));
    }
}
