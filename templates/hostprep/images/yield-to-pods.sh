#: A node that already runs pods (an upgrade stages the next release beside a live cluster) keeps its CPU for them.
#: containerd, not ctr, unpacks the layers, so the renice below cannot reach that work: containerd's own cgroup is
#: held to {{quota}} of one CPU until this script ends (--runtime: gone at a reboot too). On the lab, cp1's import at
#: full speed starved the workers' VMs and the requests they served. A first install (no kubelet running) is not held.
if systemctl is-active -q kubelet 2>/dev/null; then
  systemctl set-property --runtime containerd.service CPUQuota={{quota}} >/dev/null 2>&1 || true
  trap 'systemctl set-property --runtime containerd.service CPUQuota= >/dev/null 2>&1 || true' EXIT
fi
