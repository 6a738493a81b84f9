#: What an upgrade reads of the node before it changes anything: whether it runs a control plane, the API
#: server's advertise address and port from its manifest, the etcd image, the kubelet's node name and CRI
#: socket, and the kubelet's version.
kb_m={{manifests}}
if [ -f "$kb_m/kube-apiserver.yaml" ]; then
  echo "controlPlane=true"
  sed -n 's/^ *- --advertise-address=\(.*\)$/advertiseAddress=\1/p; s/^ *- --secure-port=\(.*\)$/bindPort=\1/p' "$kb_m/kube-apiserver.yaml"
else
  echo "controlPlane=false"
fi
if [ -f "$kb_m/etcd.yaml" ]; then sed -n 's/^ *image: .*:\([^:]*\)$/etcdTag=\1/p' "$kb_m/etcd.yaml" | head -n 1; fi
#: The kubelet's node name: --hostname-override in kubeadm-flags.env when kinit/kjoin/kubeadm wrote one,
#: else the hostname in lowercase, as the kubelet chooses it.
kb_f={{flagsEnv}}
if [ -f "$kb_f" ]; then sed -n 's/.*--hostname-override=\([^" ]*\).*/nodeName=\1/p' "$kb_f"; fi
kb_i={{instanceConfig}}
if [ -f "$kb_i" ]; then sed -n 's/^containerRuntimeEndpoint: *\(.*\)$/criSocket=\1/p' "$kb_i"; fi
kb_v=$(kubelet --version 2>/dev/null | sed -n 's/^Kubernetes //p')
echo "kubeletVersion=$kb_v"
