package io.kboot.upgrade;

import io.kboot.KbootException;
import io.kboot.config.Defaults;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.facts.RunTarget;
import io.kboot.kubeconfig.KubeconfigSettings;
import io.kboot.script.KeyValues;
import io.kboot.script.Query;
import io.kboot.script.ShellTemplate;
import java.net.InetAddress;
import java.util.Optional;

/**
 * What an upgrade learns of a node before it changes anything, read from the files kinit, kjoin
 * (or kubeadm) wrote there: whether it runs a control plane, and then where its API server
 * listens (the manifest's --advertise-address and --secure-port, as kubeadm reads the local API
 * endpoint); the kubelet's node name (kubeadm-flags.env's --hostname-override, else the hostname
 * in lowercase: the name the kubelet registers); its CRI socket; the running etcd image tag and
 * kubelet version.
 *
 * @param advertiseAddress empty on a worker
 * @param etcdTag the image tag of the node's local etcd, empty without one
 * @param kubeletVersion empty when no kubelet is installed
 */
public record LocalNode(String nodeName, boolean controlPlane, Optional<InetAddress> advertiseAddress, int bindPort,
        String criSocket, Optional<String> etcdTag, Optional<KubernetesVersion> kubeletVersion) {

    public static LocalNode read(RunTarget target) {
        String script = ShellTemplate.of("upgrade/local-node.sh").word("manifests", Defaults.MANIFESTS_DIR)
                .word("flagsEnv", KubeletFiles.FLAGS_ENV).word("instanceConfig", KubeletFiles.INSTANCE_CONFIG).render();
        return parse(Query.run(target.host(), script, "reading the node's control plane and kubelet"),
                target.nodeName(Optional.empty()), target.name());
    }

    /** @param defaultName the node name when kubeadm-flags.env has no override: the hostname in lowercase */
    static LocalNode parse(KeyValues found, String defaultName, String host) {
        boolean controlPlane = found.value("controlPlane").filter("true"::equals).isPresent();
        Optional<InetAddress> address = found.value("advertiseAddress").flatMap(IpAddresses::parse);
        if (controlPlane && address.isEmpty()) {
            throw new KbootException.StepFailed(host + ": " + Defaults.MANIFESTS_DIR
                    + "/kube-apiserver.yaml has no --advertise-address: not a manifest kinit, kjoin or kubeadm wrote");
        }
        int port = found.value("bindPort").filter(p -> p.matches("\\d{1,5}")).map(Integer::parseInt)
                .orElse(KubeconfigSettings.DEFAULT_BIND_PORT);
        Optional<KubernetesVersion> kubelet = found.value("kubeletVersion").filter(v -> !v.isEmpty()).map(v -> {
            try {
                return KubernetesVersion.parse(v);
            } catch (IllegalArgumentException e) {
                throw new KbootException.StepFailed(host + ": kubelet --version: " + e.getMessage());
            }
        });
        return new LocalNode(found.value("nodeName").filter(n -> !n.isEmpty()).orElse(defaultName), controlPlane, address,
                port, found.value("criSocket").filter(s -> !s.isEmpty()).orElse(Defaults.CRI_SOCKET),
                found.value("etcdTag").filter(t -> !t.isEmpty()), kubelet);
    }
}
