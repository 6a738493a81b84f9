package io.kboot.reset;

import io.kboot.script.KeyValues;
import java.util.List;

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

    static final String CHECK = script("check");
    static final String REMOVE = script("remove");

    private ContainerCleanup() {}

    private static String script(String name) {
        return Scripts.template("containers/" + name).word("namespace", NAMESPACE).word("sandboxes", SANDBOX_MOUNTS).render();
    }

    static void run(ResetContext ctx) {
        KeyValues facts = Scripts.check(ctx, PHASE, CHECK);
        String containerd = facts.value("containerd", "");
        List<String> containers = facts.values("container");
        List<String> namespaces = facts.values("netns");
        List<String> mounts = facts.values("mount");
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
