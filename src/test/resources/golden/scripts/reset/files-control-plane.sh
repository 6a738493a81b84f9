kdir=$(readlink -f /tmp/noderoot/var/lib/kubelet 2>/dev/null) || kdir=/tmp/noderoot/var/lib/kubelet
[ -n "$kdir" ] || kdir=/tmp/noderoot/var/lib/kubelet
echo "kubelet-dir=$kdir"
awk -v d="$kdir/" 'index($2, d) == 1 {print "mount=" $2}' /proc/mounts
if [ -d "$kdir" ]; then echo "present=/tmp/noderoot/var/lib/kubelet"; fi
if [ -e /tmp/noderoot/etc/kubernetes/manifests ] || [ -L /tmp/noderoot/etc/kubernetes/manifests ]; then echo present=/tmp/noderoot/etc/kubernetes/manifests; fi
if [ -e /tmp/noderoot/etc/kubernetes/admin.conf ] || [ -L /tmp/noderoot/etc/kubernetes/admin.conf ]; then echo present=/tmp/noderoot/etc/kubernetes/admin.conf; fi
if [ -e /tmp/noderoot/etc/kubernetes/super-admin.conf ] || [ -L /tmp/noderoot/etc/kubernetes/super-admin.conf ]; then echo present=/tmp/noderoot/etc/kubernetes/super-admin.conf; fi
if [ -e /tmp/noderoot/etc/kubernetes/kubelet.conf ] || [ -L /tmp/noderoot/etc/kubernetes/kubelet.conf ]; then echo present=/tmp/noderoot/etc/kubernetes/kubelet.conf; fi
if [ -e /tmp/noderoot/etc/kubernetes/bootstrap-kubelet.conf ] || [ -L /tmp/noderoot/etc/kubernetes/bootstrap-kubelet.conf ]; then echo present=/tmp/noderoot/etc/kubernetes/bootstrap-kubelet.conf; fi
if [ -e /tmp/noderoot/etc/kubernetes/controller-manager.conf ] || [ -L /tmp/noderoot/etc/kubernetes/controller-manager.conf ]; then echo present=/tmp/noderoot/etc/kubernetes/controller-manager.conf; fi
if [ -e /tmp/noderoot/etc/kubernetes/scheduler.conf ] || [ -L /tmp/noderoot/etc/kubernetes/scheduler.conf ]; then echo present=/tmp/noderoot/etc/kubernetes/scheduler.conf; fi
if [ -e /tmp/noderoot/etc/kubernetes/tmp ] || [ -L /tmp/noderoot/etc/kubernetes/tmp ]; then echo present=/tmp/noderoot/etc/kubernetes/tmp; fi
if [ -e /tmp/noderoot/var/lib/cni ] || [ -L /tmp/noderoot/var/lib/cni ]; then echo present=/tmp/noderoot/var/lib/cni; fi
if [ -n "$(ls -A /tmp/noderoot/srv/k8s-pki 2>/dev/null)" ]; then echo nonempty=/tmp/noderoot/srv/k8s-pki; fi
if [ -n "$(ls -A /tmp/noderoot/var/lib/etcd 2>/dev/null)" ]; then echo nonempty=/tmp/noderoot/var/lib/etcd; fi
kb_containerd_up() { [ -S /tmp/noderoot/run/containerd/containerd.sock ] && command -v ctr >/dev/null 2>&1 && ctr --address /tmp/noderoot/run/containerd/containerd.sock --connect-timeout 2s version >/dev/null 2>&1; }
if [ -n "$(ls -A /tmp/noderoot/etc/cni/net.d 2>/dev/null)" ]; then echo nonempty=/tmp/noderoot/etc/cni/net.d; elif [ -d /tmp/noderoot/etc/cni/net.d ] && ! kb_containerd_up; then echo present=/tmp/noderoot/etc/cni/net.d; fi
if [ -d /tmp/noderoot/etc/kubernetes ] && [ -z "$(ls -A /tmp/noderoot/etc/kubernetes)" ]; then echo present=/tmp/noderoot/etc/kubernetes; fi
if [ -d /tmp/noderoot/etc/cni ] && [ -z "$(ls -A /tmp/noderoot/etc/cni)" ]; then echo present=/tmp/noderoot/etc/cni; fi
#### change
kb_empty() { [ -d "$1" ] || return 0; find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + || kb_warn "delete what $1 holds"; }
kdir=$(readlink -f /tmp/noderoot/var/lib/kubelet 2>/dev/null) || kdir=/tmp/noderoot/var/lib/kubelet
[ -n "$kdir" ] || kdir=/tmp/noderoot/var/lib/kubelet
# What the kubelet mounted (volumes, projected secrets), deepest first, as kubeadm unmounts it before deleting.
for m in $(awk -v d="$kdir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || kb_warn "unmount $m"
done
# Never delete through a mount point: a volume's data is not the node's to delete.
if awk -v d="$kdir/" 'index($2, d) == 1 {found = 1} END {exit !found}' /proc/mounts; then
  kb_warn "delete $kdir: something is still mounted under it"
else
  kb_empty "$kdir"
  rmdir /tmp/noderoot/var/lib/kubelet 2>/dev/null || true
fi
kb_empty /tmp/noderoot/srv/k8s-pki
kb_empty /tmp/noderoot/var/lib/etcd
rm -rf -- /tmp/noderoot/etc/kubernetes/manifests || kb_warn 'delete /tmp/noderoot/etc/kubernetes/manifests'
rm -rf -- /tmp/noderoot/etc/kubernetes/admin.conf || kb_warn 'delete /tmp/noderoot/etc/kubernetes/admin.conf'
rm -rf -- /tmp/noderoot/etc/kubernetes/super-admin.conf || kb_warn 'delete /tmp/noderoot/etc/kubernetes/super-admin.conf'
rm -rf -- /tmp/noderoot/etc/kubernetes/kubelet.conf || kb_warn 'delete /tmp/noderoot/etc/kubernetes/kubelet.conf'
rm -rf -- /tmp/noderoot/etc/kubernetes/bootstrap-kubelet.conf || kb_warn 'delete /tmp/noderoot/etc/kubernetes/bootstrap-kubelet.conf'
rm -rf -- /tmp/noderoot/etc/kubernetes/controller-manager.conf || kb_warn 'delete /tmp/noderoot/etc/kubernetes/controller-manager.conf'
rm -rf -- /tmp/noderoot/etc/kubernetes/scheduler.conf || kb_warn 'delete /tmp/noderoot/etc/kubernetes/scheduler.conf'
rm -rf -- /tmp/noderoot/etc/kubernetes/tmp || kb_warn 'delete /tmp/noderoot/etc/kubernetes/tmp'
rm -rf -- /tmp/noderoot/var/lib/cni || kb_warn 'delete /tmp/noderoot/var/lib/cni'
kb_containerd_up() { [ -S /tmp/noderoot/run/containerd/containerd.sock ] && command -v ctr >/dev/null 2>&1 && ctr --address /tmp/noderoot/run/containerd/containerd.sock --connect-timeout 2s version >/dev/null 2>&1; }
kb_empty /tmp/noderoot/etc/cni/net.d
if ! kb_containerd_up; then rmdir /tmp/noderoot/etc/cni/net.d 2>/dev/null || true; fi
rmdir /tmp/noderoot/etc/kubernetes /tmp/noderoot/etc/cni 2>/dev/null || true
