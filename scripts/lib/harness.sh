# shellcheck shell=bash
# What the lab (scripts/lab, scripts/lab.d), the end-to-end runs (scripts/e2e) and the benches
# (scripts/bench) share: time, log lines, checks that count, wall times, logged steps (tokens
# redacted), the lab instance of a run; and what the upgrade runs share (releases, bundles, kubeadm's
# documents and output, the lab cluster's reads).
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
  time_row "$name" "$t0"
  return "$rc"
}
# time_row NAME T0_MS: add "NAME  12.3 s" (the seconds since T0_MS) to TIMES, for what timed cannot
# wrap (commands run in parallel, waited for one by one).
time_row() { TIMES+=("$(printf '%-*s %7s s' "$TIMES_WIDTH" "$1" "$(secs_since "$2")")"); }
print_times() { # what timed recorded
  printf '\nWall times:\n'
  printf '  %s\n' "${TIMES[@]}"
}
print_total() { printf '  %-*s %7s s\n' "$TIMES_WIDTH" total "$(secs_since "$1")"; } # T0_MS: when the run began

# ---- logged steps: the long commands of a run (kboot, kubeadm), their whole output kept in a file
# redact: stdin with bootstrap tokens replaced (a join command's and any other): a run's output ends
# up in terminals and CI logs; the logs in the lab's state directory keep them.
redact() { sed -e 's/--token [a-z0-9]*\.[a-z0-9]*/--token <redacted>/g' -e 's/[a-z0-9]\{6\}\.[a-z0-9]\{16\}/<token>/g'; }
# step_result LOG DESCRIPTION STATUS: the ok/FAILED line of a command that ran with its output in
# LOG, counted as a check; a failure names its exit status and LOG, and shows LOG's last 15 lines,
# tokens redacted. Returns STATUS.
step_result() {
  if [ "$3" = 0 ]; then
    pass "$2"
  else
    fail "$2 (exit $3; $1)"
    tail -n 15 "$1" | redact | sed 's/^/       | /'
  fi
  return "$3"
}
# run_logged LOG COMMAND...: COMMAND, stdin /dev/null, its output whole in LOG and, tokens redacted,
# on stdout as it comes; COMMAND's status.
run_logged() {
  local log=$1
  shift
  "$@" </dev/null 2>&1 | tee "$log" | redact
  return "${PIPESTATUS[0]}"
}
# logged_step LOG DESCRIPTION COMMAND...: COMMAND through run_logged, timed as DESCRIPTION, then its
# step_result. Returns COMMAND's status.
logged_step() {
  local log=$1 what=$2 rc=0
  shift 2
  timed "$what" run_logged "$log" "$@" || rc=$?
  step_result "$log" "$what" "$rc"
}

# ---- the benches
# median: of the whole numbers on stdin, one a line; of an even count, the mean of the middle two,
# truncated (they are milliseconds).
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
median_of() { awk -v c="$2" '{print $c}' "$1" | median; } # FILE COLUMN: of that column

# ---- the lab
LAB=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../lab")
REPO=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..") # the repository, for the tools it builds
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
    upgrade-interop) state=/run/kboot-e2e-upgrade-interop netns=kboot-e2e-ui net=10.83.0 port=23200 ;;
    restore) state=/run/kboot-e2e-restore netns=kboot-e2e-r net=10.84.0 port=23400 ;;
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

# ---- upgrades: what scripts/e2e/upgrade and scripts/e2e/upgrade-interop share
# (A cluster upgraded from one Kubernetes release to another on the lab, with kboot or kubeadm.)
is_version() { [[ $1 =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; }
minor_of() { local v=${1#v}; echo "${v%.*}"; } # v1.36.3 -> 1.36
# pin VERSION KEY [FILE]: templates/versions.yaml's KEY (etcd, coredns, pause) for VERSION's minor,
# as kboot pins it; empty when the minor has no line of its own (a line: `  "1.36": {etcd: "…", …}`).
pin() {
  sed -n "s/^  \"$(minor_of "$1")\": .*[{ ]$2: \"\([^\"]*\)\".*/\1/p" "${3:-$REPO/templates/versions.yaml}"
}
bundle_of() { echo "/var/cache/kboot/bundles/kboot-$1.tar"; } # VERSION: its offline bundle, made by build_bundle
# build_bundle VERSION [OUT]: VERSION's binaries built (scripts/k8s/build: seconds when cached) and
# bundled into OUT (default bundle_of VERSION), the bundle made again only when older than the
# binaries or kboot's jar (kboot built first). Every build takes versions.env's containerd, so no
# upgrade replaces it.
build_bundle() {
  local dir out
  out=${2:-$(bundle_of "$1")}
  dir=$("$REPO/scripts/k8s/build" --version "$1" | tail -1) || return 1
  if [ -f "$out" ] && [ "$out" -nt "$dir/SHA256SUMS" ] && [ "$out" -nt "$(ls "$REPO"/target/kboot/lib/kboot-*.jar)" ]; then
    return 0
  fi
  mkdir -p "$(dirname "$out")"
  "$REPO/target/kboot/bin/kboot" bundle create --from "$dir" -o "$out.tmp" || return 1
  mv "$out.tmp" "$out"
}
# bundle_dir BUNDLE: where a node keeps BUNDLE once kboot staged it: /var/lib/kboot/bundles/ and the
# SHA-256 of its MANIFEST (BundleSource's id); a worker's copy there lacks kubeadm and the control
# plane's images.
bundle_dir() {
  local sum
  sum=$(tar -xOf "$1" MANIFEST | sha256sum) || return 1
  echo "/var/lib/kboot/bundles/${sum%% *}"
}
# bundle_file_to NODE BUNDLE MEMBER TARGET: BUNDLE's MEMBER (bin/kubeadm, bin/kubelet) at TARGET on
# NODE, mode 0755, checked there against the SHA-256 BUNDLE's MANIFEST lists before it is renamed
# into place (bytes that differ are removed); nothing is sent when TARGET has those bytes already.
bundle_file_to() {
  local node=$1 bundle=$2 member=$3 target=$4 sum
  sum=$(tar -xOf "$bundle" MANIFEST | awk -v f="$member" '$1 == "file" && $2 == f { print $4 }') || return 1
  [ -n "$sum" ] || { echo "$bundle's MANIFEST lists no $member"; return 1; }
  if on "$node" "[ \"\$(sha256sum $target 2>/dev/null | cut -d' ' -f1)\" = $sum ]"; then return 0; fi
  tar -xOf "$bundle" --occurrence=1 "$member" |
    on "$node" "cat > $target.new && [ \"\$(sha256sum < $target.new | cut -d' ' -f1)\" = $sum ] && chmod 0755 $target.new &&
      mv -f $target.new $target || { rm -f $target.new; exit 1; }"
}
# kubeadm_to NODE BUNDLE [TARGET]: BUNDLE's kubeadm on NODE at TARGET (default /root/kubeadm), which
# it prints. kboot stages kubeadm on control planes only (in bundle_dir); a worker gets it this way.
kubeadm_to() {
  local target=${3:-/root/kubeadm}
  bundle_file_to "$1" "$2" bin/kubeadm "$target" || return 1
  echo "$target"
}
# all_at VERSION: every line of stdin, "NAME VERSION", at VERSION, and at least one line.
all_at() { awk -v v="$1" '{ n++; if ($2 != v) { print "not at " v ": " $0; bad = 1 } } END { exit bad || !n }'; }
fails() { ! "$@"; } # COMMAND...: COMMAND failed (for check)

# The kubeadm documents of the runs' clusters. Software-emulated VMs run the control plane several
# times slower than hardware: long leader-election leases, as scripts/lab.d/cluster-up sets them.
# cluster_configuration VERSION: the ClusterConfiguration of a cluster at VERSION.
cluster_configuration() {
  cat <<YAML
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: $1
networking:
  podSubnet: 10.244.0.0/16
controllerManager:
  extraArgs:
  - {name: leader-elect-lease-duration, value: 60s}
  - {name: leader-elect-renew-deadline, value: 50s}
scheduler:
  extraArgs:
  - {name: leader-elect-lease-duration, value: 60s}
  - {name: leader-elect-renew-deadline, value: 50s}
YAML
}
# upgrade_configuration: the UpgradeConfiguration of every upgrade, kboot's (cluster file, kboot
# upgrade --config) and kubeadm's (kubeadm upgrade --config): each upgraded static Pod gets 20
# minutes to run (upgradeManifests; kubeadm: 5). Both read their bounds from it (never from the
# InitConfiguration), and the new static Pods' startup probes follow them, so kboot's manifests and
# kubeadm's are only the same when both were given it.
upgrade_configuration() {
  cat <<'YAML'
apiVersion: kubeadm.k8s.io/v1beta4
kind: UpgradeConfiguration
timeouts:
  controlPlaneComponentHealthCheck: 20m0s
  kubeletHealthCheck: 10m0s
  upgradeManifests: 20m0s
YAML
}

# ---- kboot's and kubeadm's output (pure text)
# phase_table LOG: the rows of the last phase table kboot printed ("PHASE RESULT TIME" ... "total").
phase_table() {
  awk '/^PHASE +RESULT +TIME$/ { n = 0; inside = 1; next }
       inside { row[++n] = $0; if ($1 == "total") inside = 0 }
       END { for (i = 1; i <= n; i++) print row[i] }' "$1"
}
# The stages of apply that change a host: host preparation, the joins, and the upgrade's (the new
# bundle staged, a control plane or kubelet upgraded, a drain), but not a plan or a preflight.
ACTING='^(prepare|init|upload-certs|join-control-plane|join-workers|stage|upgrade|drain|uncordon|renew)'
READ_ONLY='(^|[/-])(plan|preflight)($|/)' # a name's words, not 'upgrade-control-planes'
# phases_acted LOG: the phases of the table that ran (done or failed) and change a host.
phases_acted() {
  phase_table "$1" | awk -v re="$ACTING" -v ro="$READ_ONLY" '$1 ~ re && $1 !~ ro && ($2 == "done" || $2 == "failed")'
}
no_phase_acted() { local acted; acted=$(phases_acted "$1"); [ -z "$acted" ] || { echo "$acted"; return 1; }; }
# dry_run_file LOG PATH: the content `kubeadm … --dry-run` printed for PATH (after its line
# `[dryrun] Would write file "PATH" with content:`, which may follow another message on the same
# line, up to kubeadm's next "[…]" message).
dry_run_file() {
  awk -v f="\"$2\"" '/\[dryrun\] Would write file / { inside = index($0, f) > 0; next } /^\[/ { inside = 0 } inside' "$1"
}
# kubeadm_join_command LOG: the join command `kubeadm init` printed in LOG, on one line: "kubeadm join
# ENDPOINT --token TOKEN --discovery-token-ca-cert-hash sha256:HASH" (kubeadm breaks it with "\").
kubeadm_join_command() {
  tr -d '\\\n' <"$1" | tr '\t' ' ' |
    grep -o 'kubeadm join [^ ]* *--token [^ ]* *--discovery-token-ca-cert-hash sha256:[0-9a-f]*' | sed -n '1{s/  */ /g;p;}'
} # (sed reads to the end: under pipefail, head's early exit could fail the pipeline)

# ---- the cluster on the lab, read (kubectl with its admin kubeconfig; cp1 its first control plane)
nodes_ready() { k wait --for=condition=Ready node --all --timeout="$1"; } # TIMEOUT
kubelets_at() { # VERSION: every Node's kubelet
  k get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.status.nodeInfo.kubeletVersion}{"\n"}{end}' | all_at "$1"
}
none_cordoned() {
  local nodes
  nodes=$(k get nodes -o jsonpath='{range .items[*]}{.metadata.name},{.spec.unschedulable}{"\n"}{end}') || return 1
  ! grep ',true$' <<<"$nodes"
}
# Images: the tag is compared, not the repository (kboot's imageRepository is kubeadm's).
manifest_image() { on cp1 "awk '\$1 == \"image:\" { print \$2; exit }' /etc/kubernetes/manifests/$1.yaml"; } # COMPONENT
mirror_image() { k -n kube-system get pod "$1-cp1" -o jsonpath='{.spec.containers[0].image}'; }              # COMPONENT
template_image() { k -n kube-system get "$1" -o jsonpath='{.spec.template.spec.containers[0].image}'; }     # KIND/NAME
tagged() { # TAG COMMAND...: COMMAND prints one image, tagged TAG
  local want=$1 image
  shift
  image=$("$@") || return 1
  echo "$image"
  [ "${image##*:}" = "$want" ]
}
manifest_sums() { on cp1 'sha256sum /etc/kubernetes/manifests/*.yaml'; }
state_records() { # VERSION: kube-system/kboot-cluster (kboot apply's record of the cluster) names VERSION
  local data
  data=$(k -n kube-system get configmap kboot-cluster -o jsonpath='{.data}') || return 1
  echo "$data"
  grep -qF -- "$1" <<<"$data"
}
kubelet_started() { on "$1" systemctl show kubelet -p ActiveEnterTimestampMonotonic --value; } # NODE
# kubeadm_renders LOG NODE PATH: the file kubeadm's dry run (its output in LOG) would write at PATH
# is NODE's PATH byte for byte; a diff when not. kubeadm's rendering is kept beside LOG, as
# LOG without .log, "-" and PATH's name.
kubeadm_renders() {
  local log=$1 node=$2 path=$3 want
  want=${log%.log}-${path##*/}
  dry_run_file "$log" "$path" >"$want"
  [ -s "$want" ] || { echo "kubeadm printed no $path in $log"; return 1; }
  on "$node" "cat $path" | diff -u "$want" -
}
