#### query
# kboot prepare/cni-plugins: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
[ -x /opt/cni/bin/loopback ] && echo present=loopback
[ -x /usr/lib/cni/loopback ] && echo distro=loopback
[ -x /usr/libexec/cni/loopback ] && echo distro=loopback
[ -x /opt/cni/bin/bridge ] && echo present=bridge
[ -x /usr/lib/cni/bridge ] && echo distro=bridge
[ -x /usr/libexec/cni/bridge ] && echo distro=bridge
[ -x /opt/cni/bin/host-local ] && echo present=host-local
[ -x /usr/lib/cni/host-local ] && echo distro=host-local
[ -x /usr/libexec/cni/host-local ] && echo distro=host-local
[ -x /opt/cni/bin/portmap ] && echo present=portmap
[ -x /usr/lib/cni/portmap ] && echo distro=portmap
[ -x /usr/libexec/cni/portmap ] && echo distro=portmap
true
#### change
# kboot prepare/cni-plugins: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_mkdirs() { [ -d "$1" ] && return 0; kb_mkdirs "$(dirname "$1")"; kb_record "{\"kind\":\"dir-created\",\"path\":\"$1\"}"; mkdir "$1"; }
kb_link() { [ -e "$2" ] || [ -L "$2" ] && return 0; kb_mkdirs "$(dirname "$2")"; kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; ln -s "$1" "$2"; }
kb_record '{"kind":"packages-installed","manager":"apt-get","packages":["containernetworking-plugins"]}'
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends containernetworking-plugins >/dev/null || kb_fail "apt-get could not install containernetworking-plugins: is the node offline? Use --packages-dir to upload packages instead"
for f in /usr/lib/cni/* /usr/libexec/cni/*; do
  [ -f "$f" ] && [ -x "$f" ] && kb_link "$f" /opt/cni/bin/"${f##*/}"
done
true
[ -x /opt/cni/bin/loopback ] || kb_fail 'CNI plugin loopback is missing from /opt/cni/bin'
[ -x /opt/cni/bin/bridge ] || kb_fail 'CNI plugin bridge is missing from /opt/cni/bin'
[ -x /opt/cni/bin/host-local ] || kb_fail 'CNI plugin host-local is missing from /opt/cni/bin'
[ -x /opt/cni/bin/portmap ] || kb_fail 'CNI plugin portmap is missing from /opt/cni/bin'
