#: The failed etcd leaves the kubelet's directory (unless the old manifest is back already), and kboot waits
#: up to a minute for its process to end: its data directory is about to be replaced.
if ! cmp -s {{current}} {{backup}}; then mv -f {{current}} {{failed}}; fi
n=0
while pgrep -x etcd >/dev/null && [ "$n" -lt 60 ]; do sleep 1; n=$((n + 1)); done
