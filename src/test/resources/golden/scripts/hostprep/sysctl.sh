#### query
# kboot prepare/sysctl: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
kb_sha /etc/sysctl.d/99-kubernetes.conf /etc/sysctl.d/99-kubernetes.conf
echo "sysctl:net.bridge.bridge-nf-call-iptables=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || echo missing)"
echo "sysctl:net.bridge.bridge-nf-call-ip6tables=$(cat /proc/sys/net/bridge/bridge-nf-call-ip6tables 2>/dev/null || echo missing)"
echo "sysctl:net.ipv4.ip_forward=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null || echo missing)"
#### upload /var/lib/kboot/staging/etc/sysctl.d/99-kubernetes.conf FileAttributes[mode=420, owner=Optional.empty, group=Optional.empty]
#### change
# kboot prepare/sysctl: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_mkdirs() { [ -d "$1" ] && return 0; kb_mkdirs "$(dirname "$1")"; kb_record "{\"kind\":\"dir-created\",\"path\":\"$1\"}"; mkdir "$1"; }
kb_backup() { [ -e "$2" ] && return 0; grep -qxF "{\"kind\":\"file-written\",\"path\":\"$1\"}" "$kb_journal" 2>/dev/null && return 0; mkdir -p "$(dirname "$2")"; cp -P -p "$1" "$2"; kb_record "{\"kind\":\"file-replaced\",\"path\":\"$1\",\"backup\":\"$2\"}"; }
kb_install() { kb_mkdirs "$(dirname "$2")"; if [ -e "$2" ] || [ -L "$2" ]; then kb_backup "$2" "$4"; else kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; fi; cp "$1" "$2.kboot-new" && chmod "$3" "$2.kboot-new" && mv -f "$2.kboot-new" "$2" && rm -f "$1"; }
kb_install /var/lib/kboot/staging/etc/sysctl.d/99-kubernetes.conf /etc/sysctl.d/99-kubernetes.conf 0644 /var/lib/kboot/backup/etc/sysctl.d/99-kubernetes.conf
kb_record '{"kind":"sysctl-set","key":"net.ipv4.ip_forward","previous":"0"}'
sysctl -p /etc/sysctl.d/99-kubernetes.conf >/dev/null
[ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" = 1 ] || kb_fail "net.bridge.bridge-nf-call-iptables is '$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)' after sysctl -p, expected 1 (is br_netfilter loaded?)"
[ "$(cat /proc/sys/net/bridge/bridge-nf-call-ip6tables 2>/dev/null)" = 1 ] || kb_fail "net.bridge.bridge-nf-call-ip6tables is '$(cat /proc/sys/net/bridge/bridge-nf-call-ip6tables 2>/dev/null)' after sysctl -p, expected 1 (is br_netfilter loaded?)"
[ "$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)" = 1 ] || kb_fail "net.ipv4.ip_forward is '$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)' after sysctl -p, expected 1"
