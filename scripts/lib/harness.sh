# shellcheck shell=bash
# What the lab (scripts/lab, scripts/lab.d), the end-to-end runs (scripts/e2e) and the benches
# (scripts/bench) share: time, log lines, checks that count, wall times, the lab instance of a run.
# Sourced, never run; the e2e scripts and the benches do it from the repository's root:
#   cd "$(dirname "$(readlink -f "$0")")/../.."
#   # shellcheck source=../lib/harness.sh
#   . scripts/lib/harness.sh
# (nothing here depends on the working directory; shellcheck -x -P SCRIPTDIR follows it).
# scripts/lib/harness-selftest exercises every function here without a VM.

# ---- time
now_ms() { date +%s%3N; }
# secs_since T0_MS: the seconds since T0_MS (from now_ms), to a tenth: "12.3".
secs_since() {
  local d=$((($(now_ms) - $1 + 50) / 100))
  printf '%d.%d' $((d / 10)) $((d % 10))
}

# ---- log lines on stderr: "[lab] …", "[lab] error: …"; a script names itself in LOG_TAG
LOG_TAG=${0##*/}
log() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$LOG_TAG" "$*" >&2; exit 1; }

# ---- checks: one "ok"/"FAILED" line each, counted; summary is a run's last line
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok     $1"; }
fail() { failed=$((failed + 1)); echo "FAILED $1"; }
# check DESCRIPTION COMMAND...: COMMAND in a subshell (an `exit` or a `die` in it ends only the
# check), its output kept back; a failed check shows the end of it. Always returns 0: a failed
# check is counted, it does not stop the run.
check() {
  local what=$1 out
  shift
  out=$(mktemp)
  if ("$@") >"$out" 2>&1; then
    pass "$what"
  else
    fail "$what"
    tail -n 15 "$out" | sed 's/^/       | /'
  fi
  rm -f "$out"
}
# summary: "N passed, N failed"; its status is the run's: 0 only if none failed.
summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}

# ---- wall times
TIMES=()
TIMES_WIDTH=40 # of the name column
# timed NAME COMMAND...: run COMMAND, add "NAME  12.3 s" to TIMES, return COMMAND's status.
# Where the caller stops on errors (set -e, not in a condition), COMMAND does too, at the step
# that failed: `"$@" || rc=$?` here would run a failed function's later steps.
timed() {
  local name=$1 t0 rc
  shift
  t0=$(now_ms)
  "$@"
  rc=$?
  TIMES+=("$(printf '%-*s %7s s' "$TIMES_WIDTH" "$name" "$(secs_since "$t0")")")
  return "$rc"
}
print_times() { # what timed recorded
  printf '\nWall times:\n'
  printf '  %s\n' "${TIMES[@]}"
}
print_total() { printf '  %-*s %7s s\n' "$TIMES_WIDTH" total "$(secs_since "$1")"; } # T0_MS: when the run began

# ---- the benches
# median: of the whole numbers on stdin, one a line; of an even count, the mean of the middle two,
# truncated (they are milliseconds).
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
median_of() { awk -v c="$2" '{print $c}' "$1" | median; } # FILE COLUMN: of that column

# ---- the lab
LAB=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../lab")
k() { "$LAB" kubectl "$@"; } # kubectl with the lab cluster's admin kubeconfig
on() { "$LAB" ssh "$@"; }    # NODE [COMMAND...]: as root on a lab node
# all_ready: every node Ready now, in one read (kubectl wait --timeout=1s fails when its own calls
# take a second, as they may on the emulated control plane, with every node Ready)
all_ready() {
  k get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' |
    awk '{ n++ } $2 != "True" { print "not Ready: " $0; bad = 1 } END { exit bad || !n }'
}
# restart_counts: how often the kubelet restarted each control-plane Pod of cp1 (a liveness probe
# that gave up on a slow component), " etcd 0 kube-apiserver 1 …": a run's health under load.
restart_counts() {
  local c
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler; do
    printf ' %s %s' "$c" "$(k -n kube-system get pod "$c-cp1" -o jsonpath='{.status.containerStatuses[0].restartCount}' 2>/dev/null || echo '?')"
  done
}
# diagnose NODE FILE: what a failed stage needs to be understood, from NODE into FILE (appended):
# load, memory, disk (and what fills it), the kubelet's journal and the control plane's container
# logs, last lines each. The VMs have no crictl: the kubelet's /var/log/pods is read instead.
diagnose() {
  local node=$1 file=$2
  {
    printf '\n===== %s on %s\n' "$(date -u +%FT%TZ)" "$node"
    on "$node" 'uptime; free -m; df -h / /var/lib 2>/dev/null | sort -u
      du -sh /var/lib/etcd /var/lib/containerd /var/lib/kboot /var/lib/kubelet /etc/kubernetes/tmp /var/log 2>/dev/null
      echo "--- kubelet"; journalctl -u kubelet --no-pager -n 150 2>&1
      for f in /var/log/pods/kube-system_etcd-*/etcd/*.log /var/log/pods/kube-system_kube-apiserver-*/kube-apiserver/*.log; do
        [ -f "$f" ] || continue; echo "--- $f"; tail -n 60 "$f"
      done
      echo "--- dmesg"; dmesg 2>/dev/null | tail -n 30' 2>&1 || echo "(could not reach $node)"
  } >>"$file"
  echo "diagnostics of $node: $file"
}
# lab_instance NAME: the lab a run named NAME boots, unless the environment names one: its own
# state directory, namespace, subnet and first port, clear of a developer's lab (scripts/lab's
# defaults: /run/kboot-lab, kboot-lab, 10.77.0, 22200) and of the other runs. (Ports are taken
# from the first one up, skipping those in use, so two runs may share a first port.)
lab_instance() {
  local state netns net port
  case $1 in
    hostprep) state=/run/kboot-e2e-hostprep netns=kboot-e2e net=10.78.0 port=22400 ;;
    cluster) state=/run/kboot-e2e-cluster netns=kboot-e2e-c net=10.79.0 port=22600 ;;
    apply) state=/run/kboot-e2e-apply netns=kboot-e2e-a net=10.80.0 port=22800 ;;
    bench-kubeadm) state=/run/kboot-bench-kubeadm netns=kboot-bench-k net=10.81.0 port=22800 ;;
    upgrade) state=/run/kboot-e2e-upgrade netns=kboot-e2e-u net=10.82.0 port=23000 ;;
    *) die "no lab instance named '$1'" ;;
  esac
  export KBOOT_LAB_STATE=${KBOOT_LAB_STATE:-$state}
  export KBOOT_LAB_NETNS=${KBOOT_LAB_NETNS:-$netns}
  export KBOOT_LAB_NET=${KBOOT_LAB_NET:-$net}
  export KBOOT_LAB_PORT_BASE=${KBOOT_LAB_PORT_BASE:-$port}
  # An emulated control plane under load misses TLS handshake deadlines now and then: lab kubectl
  # tries again for up to a minute when no request reached it.
  export KBOOT_LAB_KUBECTL_TRIES=${KBOOT_LAB_KUBECTL_TRIES:-12}
}
