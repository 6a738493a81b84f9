removed=no
if command -v ctr >/dev/null 2>&1 && ctr --connect-timeout 5s version >/dev/null 2>&1; then
  kb_ctr() { ctr --timeout 60s -n {{namespace}} "$@"; }
  ids=$(kb_ctr containers ls -q) || kb_warn 'list the containers of the {{namespace}} namespace'
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
for m in $(awk -v d={{sandboxes}} 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
  umount "$m" 2>/dev/null || umount -l "$m" || kb_warn "unmount $m"
done
# The CRI plugin keeps the removed pods in memory (and their names reserved) until containerd restarts.
if [ "$removed" = yes ] && [ -d /run/systemd/system ] && systemctl is-active --quiet containerd 2>/dev/null; then
  systemctl restart containerd || kb_warn 'restart containerd'
fi
