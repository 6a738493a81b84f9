#### query
# kboot prepare/swap: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
echo "swaps=$(($(wc -l < /proc/swaps) - 1))"
kb_cat /etc/fstab /etc/fstab
if command -v systemctl >/dev/null 2>&1; then
  systemctl list-units --type swap --all --no-legend --plain 2>/dev/null | awk 'NF >= 2 { print "unit=" $1 " " $2 }'
fi
#### upload /var/lib/kboot/staging/etc/fstab FileAttributes[mode=420, owner=Optional.empty, group=Optional.empty]
#### change
# kboot prepare/swap: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_mkdirs() { [ -d "$1" ] && return 0; kb_mkdirs "$(dirname "$1")"; kb_record "{\"kind\":\"dir-created\",\"path\":\"$1\"}"; mkdir "$1"; }
kb_backup() { [ -e "$2" ] && return 0; grep -qxF "{\"kind\":\"file-written\",\"path\":\"$1\"}" "$kb_journal" 2>/dev/null && return 0; mkdir -p "$(dirname "$2")"; cp -P -p "$1" "$2"; kb_record "{\"kind\":\"file-replaced\",\"path\":\"$1\",\"backup\":\"$2\"}"; }
kb_install() { kb_mkdirs "$(dirname "$2")"; if [ -e "$2" ] || [ -L "$2" ]; then kb_backup "$2" "$4"; else kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; fi; cp "$1" "$2.kboot-new" && chmod "$3" "$2.kboot-new" && mv -f "$2.kboot-new" "$2" && rm -f "$1"; }
kb_record '{"kind":"swap-disabled"}'
swapoff -a
kb_install /var/lib/kboot/staging/etc/fstab /etc/fstab 0644 /var/lib/kboot/backup/etc/fstab
if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
kb_record '{"kind":"unit-masked","unit":"dev-sda2.swap"}'
systemctl mask dev-sda2.swap >/dev/null
[ "$(wc -l < /proc/swaps)" -le 1 ] || kb_fail 'swap is still on after swapoff -a'
