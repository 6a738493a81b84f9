#: The kubelet's directory with symlinks resolved, as kubeadm unmounts under the real path.
kdir=$(readlink -f {{dir}} 2>/dev/null) || kdir={{dir}}
[ -n "$kdir" ] || kdir={{dir}}
