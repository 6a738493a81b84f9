#### query
echo "uid=$(id -u)"
echo "hostname=$(cat /proc/sys/kernel/hostname)"
if [ -r /etc/os-release ]; then . /etc/os-release; fi
echo "os_id=${ID:-unknown}"; echo "os_version=${VERSION_ID:-}"; echo "os_name=${PRETTY_NAME:-unknown}"
echo "kernel=$(uname -r)"; echo "arch=$(uname -m)"
if [ -d /run/systemd/system ]; then echo init=systemd; else echo init=other; fi
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo cgroup=2; else echo cgroup=1; fi
for pm in apt-get dnf yum zypper apk; do
  if command -v $pm >/dev/null 2>&1; then echo "pkg=$pm"; break; fi
done
echo "cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || grep -c ^processor /proc/cpuinfo)"
awk '/^MemTotal:/ {print "memory_kb=" $2}' /proc/meminfo
echo "swap_lines=$(wc -l < /proc/swaps)"
if [ -r /sys/class/dmi/id/product_uuid ]; then echo "product_uuid=$(cat /sys/class/dmi/id/product_uuid)"; fi
for dev in /sys/class/net/*; do
  [ "${dev##*/}" = lo ] || [ ! -r "$dev/address" ] || echo "mac=$(cat "$dev/address")"
done
awk 'NR > 1 && $4 == "0A" { n = split($2, a, ":"); print "listen=" a[n] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
awk '$2 == "00000000" { print "default_iface=" $1; exit }' /proc/net/route
if command -v ip >/dev/null 2>&1; then
  ip -o addr show scope global | awk '{ split($4, a, "/"); print "addr=" $2 " " a[1] }'
fi
for c in ip iptables mount nsenter ebtables ethtool socat tc touch conntrack modprobe sysctl systemctl; do
  if command -v "$c" >/dev/null 2>&1; then echo "command=$c"; fi
done
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  for c in $(cat /sys/fs/cgroup/cgroup.controllers); do echo "cgroup_controller=$c"; done
elif [ -r /proc/cgroups ]; then
  awk '!/^#/ && $4 == 1 { print "cgroup_controller=" $1 }' /proc/cgroups
fi
if command -v ss >/dev/null 2>&1; then
  ss -ltnp 2>/dev/null | awk 'NR > 1 && match($0, /users:\(\("[^"]*"/) {
    n = split($4, a, ":"); print "listen_process=" a[n] " " substr($0, RSTART + 9, RLENGTH - 10) }'
fi
for m in /etc/kubernetes/manifests/*.yaml; do [ -f "$m" ] && echo "static_pod=${m##*/}"; done
if [ -f /var/lib/kboot/hostprep.jsonl ]; then echo kboot_prepared=1; fi
echo "time=$(date +%s)"
