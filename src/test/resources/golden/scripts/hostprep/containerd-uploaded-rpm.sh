#### query
# kboot prepare/containerd: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
if command -v containerd >/dev/null 2>&1; then echo "containerd=$(command -v containerd)"; echo "version=$(containerd --version 2>/dev/null)"; fi
if command -v runc >/dev/null 2>&1; then echo "runc=$(command -v runc)"; echo "runc_version=$(runc --version 2>/dev/null | head -n 1)"; fi
if [ -e /usr/local/bin/containerd ]; then echo "version:/usr/local/bin/containerd=$(/usr/local/bin/containerd --version 2>/dev/null | head -n 1)"; fi
if [ -e /usr/local/sbin/runc ]; then echo "version:/usr/local/sbin/runc=$(/usr/local/sbin/runc --version 2>/dev/null | head -n 1)"; fi
echo "enabled=$(systemctl is-enabled containerd 2>/dev/null)"
echo "active=$(systemctl is-active containerd 2>/dev/null)"
if [ "$(systemctl is-active containerd 2>/dev/null)" = active ] && command -v ctr >/dev/null 2>&1; then
  echo "cri=$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')"
fi
kb_sha /etc/containerd/config.toml /etc/containerd/config.toml
#### upload /var/lib/kboot/staging/files/containerd-1.7.24-1.fc40.x86_64.rpm FileAttributes[mode=384, owner=Optional.empty, group=Optional.empty]
#### upload /var/lib/kboot/staging/files/runc-1.1.12-1.fc40.x86_64.rpm FileAttributes[mode=384, owner=Optional.empty, group=Optional.empty]
#### change
# kboot prepare/containerd-install: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_record '{"kind":"packages-installed","manager":"rpm","packages":["containerd","runc"]}'
rpm -U --replacepkgs /var/lib/kboot/staging/files/containerd-1.7.24-1.fc40.x86_64.rpm /var/lib/kboot/staging/files/runc-1.1.12-1.fc40.x86_64.rpm >/dev/null || kb_fail "rpm could not install containerd runc (are their dependencies in packages?)"
rm -f /var/lib/kboot/staging/files/containerd-1.7.24-1.fc40.x86_64.rpm /var/lib/kboot/staging/files/runc-1.1.12-1.fc40.x86_64.rpm
command -v containerd >/dev/null 2>&1 || kb_fail 'containerd is not in PATH after installation'
#### query
# kboot prepare/containerd: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
if command -v containerd >/dev/null 2>&1; then echo "containerd=$(command -v containerd)"; echo "version=$(containerd --version 2>/dev/null)"; fi
if command -v runc >/dev/null 2>&1; then echo "runc=$(command -v runc)"; echo "runc_version=$(runc --version 2>/dev/null | head -n 1)"; fi
if [ -e /usr/local/bin/containerd ]; then echo "version:/usr/local/bin/containerd=$(/usr/local/bin/containerd --version 2>/dev/null | head -n 1)"; fi
if [ -e /usr/local/sbin/runc ]; then echo "version:/usr/local/sbin/runc=$(/usr/local/sbin/runc --version 2>/dev/null | head -n 1)"; fi
echo "enabled=$(systemctl is-enabled containerd 2>/dev/null)"
echo "active=$(systemctl is-active containerd 2>/dev/null)"
if [ "$(systemctl is-active containerd 2>/dev/null)" = active ] && command -v ctr >/dev/null 2>&1; then
  echo "cri=$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')"
fi
kb_sha /etc/containerd/config.toml /etc/containerd/config.toml
#### upload /var/lib/kboot/staging/etc/containerd/config.toml FileAttributes[mode=420, owner=Optional.empty, group=Optional.empty]
#### change
# kboot prepare/containerd: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_mkdirs() { [ -d "$1" ] && return 0; kb_mkdirs "$(dirname "$1")"; kb_record "{\"kind\":\"dir-created\",\"path\":\"$1\"}"; mkdir "$1"; }
kb_backup() { [ -e "$2" ] && return 0; grep -qxF "{\"kind\":\"file-written\",\"path\":\"$1\"}" "$kb_journal" 2>/dev/null && return 0; mkdir -p "$(dirname "$2")"; cp -P -p "$1" "$2"; kb_record "{\"kind\":\"file-replaced\",\"path\":\"$1\",\"backup\":\"$2\"}"; }
kb_install() { kb_mkdirs "$(dirname "$2")"; if [ -e "$2" ] || [ -L "$2" ]; then kb_backup "$2" "$4"; else kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; fi; cp "$1" "$2.kboot-new" && chmod "$3" "$2.kboot-new" && mv -f "$2.kboot-new" "$2" && rm -f "$1"; }
kb_install /var/lib/kboot/staging/etc/containerd/config.toml /etc/containerd/config.toml 0644 /var/lib/kboot/backup/etc/containerd/config.toml
kb_record '{"kind":"unit-enabled","unit":"containerd","started":true}'
systemctl enable containerd >/dev/null 2>&1
systemctl start containerd
i=0
until [ "$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')" = ok ]; do
  i=$((i + 1))
  [ $i -lt 30 ] || kb_fail "containerd's CRI plugin is not ok (ctr plugins ls: '$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')'); see journalctl -u containerd"
  sleep 1
done
