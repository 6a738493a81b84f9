#: ctr prints "io.containerd.grpc.v1  cri  linux/amd64  ok"; the CRI service must be ok.
echo "enabled=$(systemctl is-enabled containerd 2>/dev/null)"
echo "active=$(systemctl is-active containerd 2>/dev/null)"
if [ "$(systemctl is-active containerd 2>/dev/null)" = active ] && command -v ctr >/dev/null 2>&1; then
  echo "cri=$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')"
fi
