#: Some packages ship disabled_plugins = ["cri"]; the kubelet needs the CRI plugin ok, so wait up to 30 s for it.
i=0
until [ "$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')" = ok ]; do
  i=$((i + 1))
  [ $i -lt 30 ] || kb_fail "containerd's CRI plugin is not ok (ctr plugins ls: '$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')'); see journalctl -u containerd"
  sleep 1
done
