#: Like kubeadm reset, an image a container still uses, or one containerd cannot be asked about
#: (stopped, or removed already), stays in containerd's store: that is containerd's data.
if command -v ctr >/dev/null 2>&1; then ctr -n k8s.io images rm {{ref}} >/dev/null 2>&1 || true; fi
