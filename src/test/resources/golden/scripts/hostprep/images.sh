#### query
# kboot prepare/images: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
if ! command -v ctr >/dev/null 2>&1; then
  echo "ctr=not installed"
elif out=$(ctr -n k8s.io images ls 2>/dev/null); then
  printf '%s\n' "$out" | awk 'NR > 1 { print "image=" $1 " " $3 " " $NF }'
else
  echo "ctr=$(ctr -n k8s.io images ls 2>&1 | tail -n 1)"
fi
#### change
# kboot prepare/images: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
command -v ctr >/dev/null 2>&1 || kb_fail 'ctr is not installed: prepare/containerd installs containerd'
if systemctl is-active -q kubelet 2>/dev/null; then
  systemctl set-property --runtime containerd.service CPUQuota=50% >/dev/null 2>&1 || true
  trap 'systemctl set-property --runtime containerd.service CPUQuota= >/dev/null 2>&1 || true' EXIT
fi
kb_record '{"kind":"image-imported","ref":"registry.k8s.io/pause:3.10"}'
renice -n 19 $$ >/dev/null 2>&1; ionice -c 3 -p $$ >/dev/null 2>&1
out=$(ctr -n k8s.io images import --local /var/lib/kboot/bundles/b/pause.tar 2>&1) || kb_fail "ctr could not import /var/lib/kboot/bundles/b/pause.tar: $(printf '%s\n' "$out" | tail -n 1)"
ctr -n k8s.io images label registry.k8s.io/pause:3.10 io.cri-containerd.pinned=pinned >/dev/null || kb_fail "ctr could not pin registry.k8s.io/pause:3.10"
echo 'kb_progress imported registry.k8s.io/pause:3.10'
kb_record '{"kind":"image-imported","ref":"kboot.local/hello:1"}'
renice -n 19 $$ >/dev/null 2>&1; ionice -c 3 -p $$ >/dev/null 2>&1
out=$(ctr -n k8s.io images import --local /var/lib/kboot/bundles/b/its.tar 2>&1) || kb_fail "ctr could not import /var/lib/kboot/bundles/b/its.tar: $(printf '%s\n' "$out" | tail -n 1)"
ctr -n k8s.io images label kboot.local/hello:1 io.cri-containerd.pinned=pinned >/dev/null || kb_fail "ctr could not pin kboot.local/hello:1"
echo 'kb_progress imported kboot.local/hello:1'
kb_images=$(ctr -n k8s.io images ls 2>/dev/null)
printf '%s\n' "$kb_images" | awk -v r=registry.k8s.io/pause:3.10 -v d=sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa '$1 == r && $3 == d && $NF ~ /io.cri-containerd.pinned=pinned/ { f = 1 } END { exit !f }' || kb_fail 'registry.k8s.io/pause:3.10 (sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa) is not in containerd after the import'
printf '%s\n' "$kb_images" | awk -v r=kboot.local/hello:1 -v d=sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb '$1 == r && $3 == d && $NF ~ /io.cri-containerd.pinned=pinned/ { f = 1 } END { exit !f }' || kb_fail 'kboot.local/hello:1 (sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb) is not in containerd after the import'
