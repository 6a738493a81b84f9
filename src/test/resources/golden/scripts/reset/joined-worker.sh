#### query
# kboot reset/preflight: check
id -u
#### (no newline at the end)
#### query
# kboot reset/cleanup-node/kubelet: check
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  echo "state=$(systemctl is-active kubelet 2>/dev/null)"
else
  echo "state=no-systemd"
  if command -v pgrep >/dev/null 2>&1 && pgrep -x kubelet >/dev/null 2>&1; then echo "running=yes"; fi
fi
#### change
# kboot reset/cleanup-node/kubelet: stop
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
systemctl stop kubelet || kb_warn 'stop the kubelet (systemctl stop kubelet)'
state=$(systemctl is-active kubelet 2>/dev/null)
case "$state" in active|activating|reloading|refreshing) kb_warn "stop the kubelet: it is still $state";; esac
if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
#### query
# kboot reset/cleanup-node/containers: check
if ! command -v ctr >/dev/null 2>&1; then echo "containerd=absent"
elif ! ctr --connect-timeout 5s version >/dev/null 2>&1; then echo "containerd=down"
else
  echo "containerd=running"
  ctr --timeout 60s -n k8s.io containers ls -q | sed 's/^/container=/'
fi
if command -v ip >/dev/null 2>&1; then ip netns list 2>/dev/null | awk '$1 ~ /^cni-/ {print "netns=" $1}'; fi
awk -v d=/run/containerd/io.containerd.grpc.v1.cri/sandboxes/ 'index($2, d) == 1 {print "mount=" $2}' /proc/mounts
#### change
# kboot reset/cleanup-node/containers: remove
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
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
for m in $(awk -v d=/run/containerd/io.containerd.grpc.v1.cri/sandboxes/ 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
  umount "$m" 2>/dev/null || umount -l "$m" || kb_warn "unmount $m"
done
# The CRI plugin keeps the removed pods in memory (and their names reserved) until containerd restarts.
if [ "$removed" = yes ] && [ -d /run/systemd/system ] && systemctl is-active --quiet containerd 2>/dev/null; then
  systemctl restart containerd || kb_warn 'restart containerd'
fi
if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
#### query
# kboot reset/cleanup-node/files: check
kdir=$(readlink -f /var/lib/kubelet 2>/dev/null) || kdir=/var/lib/kubelet
[ -n "$kdir" ] || kdir=/var/lib/kubelet
echo "kubelet-dir=$kdir"
awk -v d="$kdir/" 'index($2, d) == 1 {print "mount=" $2}' /proc/mounts
if [ -d "$kdir" ]; then echo "present=/var/lib/kubelet"; fi
if [ -e /etc/kubernetes/manifests ] || [ -L /etc/kubernetes/manifests ]; then echo present=/etc/kubernetes/manifests; fi
if [ -e /etc/kubernetes/admin.conf ] || [ -L /etc/kubernetes/admin.conf ]; then echo present=/etc/kubernetes/admin.conf; fi
if [ -e /etc/kubernetes/super-admin.conf ] || [ -L /etc/kubernetes/super-admin.conf ]; then echo present=/etc/kubernetes/super-admin.conf; fi
if [ -e /etc/kubernetes/kubelet.conf ] || [ -L /etc/kubernetes/kubelet.conf ]; then echo present=/etc/kubernetes/kubelet.conf; fi
if [ -e /etc/kubernetes/bootstrap-kubelet.conf ] || [ -L /etc/kubernetes/bootstrap-kubelet.conf ]; then echo present=/etc/kubernetes/bootstrap-kubelet.conf; fi
if [ -e /etc/kubernetes/controller-manager.conf ] || [ -L /etc/kubernetes/controller-manager.conf ]; then echo present=/etc/kubernetes/controller-manager.conf; fi
if [ -e /etc/kubernetes/scheduler.conf ] || [ -L /etc/kubernetes/scheduler.conf ]; then echo present=/etc/kubernetes/scheduler.conf; fi
if [ -e /etc/kubernetes/tmp ] || [ -L /etc/kubernetes/tmp ]; then echo present=/etc/kubernetes/tmp; fi
if [ -e /etc/kubernetes/pki ] || [ -L /etc/kubernetes/pki ]; then echo present=/etc/kubernetes/pki; fi
if [ -e /var/lib/cni ] || [ -L /var/lib/cni ]; then echo present=/var/lib/cni; fi
kb_containerd_up() { [ -S /run/containerd/containerd.sock ] && command -v ctr >/dev/null 2>&1 && ctr --address /run/containerd/containerd.sock --connect-timeout 2s version >/dev/null 2>&1; }
if [ -n "$(ls -A /etc/cni/net.d 2>/dev/null)" ]; then echo nonempty=/etc/cni/net.d; elif [ -d /etc/cni/net.d ] && ! kb_containerd_up; then echo present=/etc/cni/net.d; fi
if [ -d /etc/kubernetes ] && [ -z "$(ls -A /etc/kubernetes)" ]; then echo present=/etc/kubernetes; fi
if [ -d /etc/cni ] && [ -z "$(ls -A /etc/cni)" ]; then echo present=/etc/cni; fi
#### change
# kboot reset/cleanup-node/files: delete
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
kb_empty() { [ -d "$1" ] || return 0; find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + || kb_warn "delete what $1 holds"; }
kdir=$(readlink -f /var/lib/kubelet 2>/dev/null) || kdir=/var/lib/kubelet
[ -n "$kdir" ] || kdir=/var/lib/kubelet
# What the kubelet mounted (volumes, projected secrets), deepest first, as kubeadm unmounts it before deleting.
for m in $(awk -v d="$kdir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || kb_warn "unmount $m"
done
# Never delete through a mount point: a volume's data is not the node's to delete.
if awk -v d="$kdir/" 'index($2, d) == 1 {found = 1} END {exit !found}' /proc/mounts; then
  kb_warn "delete $kdir: something is still mounted under it"
else
  kb_empty "$kdir"
  rmdir /var/lib/kubelet 2>/dev/null || true
fi
rm -rf -- /etc/kubernetes/manifests || kb_warn 'delete /etc/kubernetes/manifests'
rm -rf -- /etc/kubernetes/admin.conf || kb_warn 'delete /etc/kubernetes/admin.conf'
rm -rf -- /etc/kubernetes/super-admin.conf || kb_warn 'delete /etc/kubernetes/super-admin.conf'
rm -rf -- /etc/kubernetes/kubelet.conf || kb_warn 'delete /etc/kubernetes/kubelet.conf'
rm -rf -- /etc/kubernetes/bootstrap-kubelet.conf || kb_warn 'delete /etc/kubernetes/bootstrap-kubelet.conf'
rm -rf -- /etc/kubernetes/controller-manager.conf || kb_warn 'delete /etc/kubernetes/controller-manager.conf'
rm -rf -- /etc/kubernetes/scheduler.conf || kb_warn 'delete /etc/kubernetes/scheduler.conf'
rm -rf -- /etc/kubernetes/tmp || kb_warn 'delete /etc/kubernetes/tmp'
rm -rf -- /etc/kubernetes/pki || kb_warn 'delete /etc/kubernetes/pki'
rm -rf -- /var/lib/cni || kb_warn 'delete /var/lib/cni'
kb_containerd_up() { [ -S /run/containerd/containerd.sock ] && command -v ctr >/dev/null 2>&1 && ctr --address /run/containerd/containerd.sock --connect-timeout 2s version >/dev/null 2>&1; }
kb_empty /etc/cni/net.d
if ! kb_containerd_up; then rmdir /etc/cni/net.d 2>/dev/null || true; fi
rmdir /etc/kubernetes /etc/cni 2>/dev/null || true
if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
#### query
# kboot reset/cleanup-node/network: check
if command -v ip >/dev/null 2>&1 && ip -o -d link show cni0 2>/dev/null | grep -q ' bridge '; then
  echo "bridge=cni0"
  ip -o link show master cni0 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print "port=" $2}'
fi
#### change
# kboot reset/cleanup-node/network: delete
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
for port in $(ip -o link show master cni0 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}'); do
  ip link delete "$port" 2>/dev/null || kb_warn "delete $port, a port of the cni0 bridge"
done
if ip link show cni0 >/dev/null 2>&1; then ip link delete cni0 || kb_warn 'delete the cni0 bridge'; fi
if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
#### query
# kboot reset/cleanup-node/iptables: check
for family in iptables ip6tables; do
  seen=""
  found=no
  if [ "$family" = iptables ]; then names=/proc/net/ip_tables_names; else names=/proc/net/ip6_tables_names; fi
  for cmd in "$family-nft" "$family-legacy" "$family"; do
    command -v "$cmd" >/dev/null 2>&1 && command -v "$cmd-save" >/dev/null 2>&1 && command -v "$cmd-restore" >/dev/null 2>&1 || continue
    found=yes
    case "$("$cmd" -V 2>/dev/null)" in *nf_tables*) backend=nft;; *) backend=legacy;; esac
    case " $seen " in *" $backend "*) continue;; esac
    seen="$seen $backend"
    # Legacy tables exist once something loaded their module; listing must not load them.
    if [ "$backend" = legacy ] && [ -z "$(cat "$names" 2>/dev/null)" ]; then continue; fi
    echo "### kboot-iptables $cmd $backend"
    "$cmd-save" 2>/dev/null || echo "### kboot-iptables-failed $cmd"
  done
  [ "$found" = yes ] || echo "### kboot-iptables-missing $family"
done
if command -v nft >/dev/null 2>&1; then
  nft list tables 2>/dev/null | awk '$1 == "table" && $3 == "kube-proxy" {print "### kboot-nft " $2}'
fi
#### change
# kboot reset/cleanup-node/iptables: delete
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
iptables-nft-restore --noflush <<'KBOOT_IPTABLES_END' || kb_warn 'delete the Kubernetes chains with iptables-nft-restore'
*mangle
-F KUBE-IPTABLES-HINT
-F KUBE-KUBELET-CANARY
-X KUBE-IPTABLES-HINT
-X KUBE-KUBELET-CANARY
COMMIT
*filter
-D INPUT -j KUBE-FIREWALL
-D FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD
-D FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-D OUTPUT -j KUBE-FIREWALL
-D MY-CHAIN -g KUBE-FORWARD
-F CNI-FORWARD
-F KUBE-FIREWALL
-F KUBE-FORWARD
-X CNI-FORWARD
-X KUBE-FIREWALL
-X KUBE-FORWARD
COMMIT
*nat
-D PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-D POSTROUTING -s 10.244.1.5/32 -m comment --comment "name: \"kboot\" id: \"4f1e\"" -j CNI-0b2a5d6f8e1c9a7b3d4e5f60
-F CNI-0b2a5d6f8e1c9a7b3d4e5f60
-F KUBE-SERVICES
-X CNI-0b2a5d6f8e1c9a7b3d4e5f60
-X KUBE-SERVICES
COMMIT
KBOOT_IPTABLES_END
if iptables-nft-save 2>/dev/null | grep -Eq '^:(KUBE|CNI)-'; then kb_warn 'delete every Kubernetes chain of iptables-nft: some are back (is kube-proxy or the kubelet still running?)'; fi
ip6tables-legacy-restore --noflush <<'KBOOT_IPTABLES_END' || kb_warn 'delete the Kubernetes chains with ip6tables-legacy-restore'
*filter
-D INPUT -j KUBE-FIREWALL
-F KUBE-FIREWALL
-X KUBE-FIREWALL
COMMIT
KBOOT_IPTABLES_END
if ip6tables-legacy-save 2>/dev/null | grep -Eq '^:(KUBE|CNI)-'; then kb_warn 'delete every Kubernetes chain of ip6tables-legacy: some are back (is kube-proxy or the kubelet still running?)'; fi
nft delete table ip kube-proxy || kb_warn 'delete the nftables table ip kube-proxy'
nft delete table ip6 kube-proxy || kb_warn 'delete the nftables table ip6 kube-proxy'
if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
#### change
# kboot reset: undo host preparation
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
rm -f /etc/sysctl.d/99-kubernetes.conf || kb_warn 'delete /etc/sysctl.d/99-kubernetes.conf'
if [ "$kb_failed" -eq 0 ]; then
  rm -rf /var/lib/kboot/backup /var/lib/kboot/staging
  rm -f /var/lib/kboot/hostprep.jsonl
  rmdir /var/lib/kboot 2>/dev/null || true
else
  echo "$kb_failed change(s) could not be undone; the record is kept in /var/lib/kboot/hostprep.jsonl for another try" >&2
  exit 1
fi
#### query
# kboot reset/host-prep: check
kb_containerd_up() { [ -S /run/containerd/containerd.sock ] && command -v ctr >/dev/null 2>&1 && ctr --address /run/containerd/containerd.sock --connect-timeout 2s version >/dev/null 2>&1; }
if [ -d /etc/cni/net.d ] && [ -z "$(ls -A /etc/cni/net.d)" ] && ! kb_containerd_up; then echo present=/etc/cni/net.d; fi
#### change
# kboot reset/host-prep: delete the CNI directory
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
rmdir /etc/cni/net.d || kb_warn 'delete /etc/cni/net.d'
rmdir /etc/cni 2>/dev/null || true
if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
