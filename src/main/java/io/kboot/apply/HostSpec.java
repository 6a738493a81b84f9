package io.kboot.apply;

import io.kboot.config.Kubeadm;
import io.kboot.host.ssh.SshTarget;
import io.kboot.hostprep.NodeRole;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One host of the cluster file, checked and with its SSH settings merged (the host's own fields
 * win over the file's {@code ssh:} defaults).
 *
 * @param name how output names the host: its {@code name}, else its address
 * @param nodeName the Node's name when the file gives one; else the host's hostname, known once it answers
 * @param address where SSH reaches it
 * @param advertiseAddress where a control plane's API server and etcd listen; else the default route's address
 */
public record HostSpec(String name, Optional<String> nodeName, String address, NodeRole role,
        Optional<InetAddress> advertiseAddress, Map<String, String> labels, List<Kubeadm.Taint> taints, SshTarget target) {

    public HostSpec {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        taints = List.copyOf(taints);
    }

    public boolean controlPlane() {
        return role == NodeRole.CONTROL_PLANE;
    }
}
