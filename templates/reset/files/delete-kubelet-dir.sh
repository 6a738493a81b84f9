kb_empty() { [ -d "$1" ] || return 0; find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + || kb_warn "delete what $1 holds"; }
{{kubelet_dir}}# What the kubelet mounted (volumes, projected secrets), deepest first, as kubeadm unmounts it before deleting.
for m in $(awk -v d="$kdir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || kb_warn "unmount $m"
done
# Never delete through a mount point: a volume's data is not the node's to delete.
if awk -v d="$kdir/" 'index($2, d) == 1 {found = 1} END {exit !found}' /proc/mounts; then
  kb_warn "delete $kdir: something is still mounted under it"
else
  kb_empty "$kdir"
  rmdir {{dir}} 2>/dev/null || true
fi
