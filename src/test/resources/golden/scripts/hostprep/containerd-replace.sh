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
#### query
# kboot prepare/bundle: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
if [ -f /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4/.verified ]; then
  kb_odd=$(cd /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4 && find . \( ! -type f ! -type d \) -o -perm /7022 -o ! -user "$(id -u)" | head -n 1)
  if [ -z "$kb_odd" ]; then echo "verified=$(cat /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4/.verified)"; else printf 'unsafe=%s\n' "$kb_odd" | LC_ALL=C tr -c '[:print:]\n' '?'; fi
fi
p=/var/lib/kboot/bundles; while [ ! -d "$p" ]; do p=$(dirname "$p"); done
echo "free=$(df -Pk "$p" | awk 'NR == 2 { print $4 }')"
#### change
# kboot prepare/containerd-install: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_mkdirs() { [ -d "$1" ] && return 0; kb_mkdirs "$(dirname "$1")"; kb_record "{\"kind\":\"dir-created\",\"path\":\"$1\"}"; mkdir "$1"; }
kb_backup() { [ -e "$2" ] && return 0; grep -qxF "{\"kind\":\"file-written\",\"path\":\"$1\"}" "$kb_journal" 2>/dev/null && return 0; mkdir -p "$(dirname "$2")"; cp -P -p "$1" "$2"; kb_record "{\"kind\":\"file-replaced\",\"path\":\"$1\",\"backup\":\"$2\"}"; }
kb_install() { kb_mkdirs "$(dirname "$2")"; if [ -e "$2" ] || [ -L "$2" ]; then kb_backup "$2" "$4"; else kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; fi; cp "$1" "$2.kboot-new" && chmod "$3" "$2.kboot-new" && mv -f "$2.kboot-new" "$2" && rm -f "$1"; }
mkdir -p /var/lib/kboot/staging/usr/local/bin && { ln -f /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4/bin/containerd /var/lib/kboot/staging/usr/local/bin/containerd 2>/dev/null || cp /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4/bin/containerd /var/lib/kboot/staging/usr/local/bin/containerd; }
kb_install /var/lib/kboot/staging/usr/local/bin/containerd /usr/local/bin/containerd 0755 /var/lib/kboot/backup/usr/local/bin/containerd
mkdir -p /var/lib/kboot/staging/usr/local/bin && { ln -f /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4/bin/containerd-shim-runc-v2 /var/lib/kboot/staging/usr/local/bin/containerd-shim-runc-v2 2>/dev/null || cp /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4/bin/containerd-shim-runc-v2 /var/lib/kboot/staging/usr/local/bin/containerd-shim-runc-v2; }
kb_install /var/lib/kboot/staging/usr/local/bin/containerd-shim-runc-v2 /usr/local/bin/containerd-shim-runc-v2 0755 /var/lib/kboot/backup/usr/local/bin/containerd-shim-runc-v2
mkdir -p /var/lib/kboot/staging/usr/local/bin && { ln -f /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4/bin/ctr /var/lib/kboot/staging/usr/local/bin/ctr 2>/dev/null || cp /var/lib/kboot/bundles/3eb74e34938e7d64b6adfcdf5d18bcbd36f5e99e533561df480a6c38ef90dfb4/bin/ctr /var/lib/kboot/staging/usr/local/bin/ctr; }
kb_install /var/lib/kboot/staging/usr/local/bin/ctr /usr/local/bin/ctr 0755 /var/lib/kboot/backup/usr/local/bin/ctr
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
#### change
# kboot prepare/containerd: apply
set -e
kb_fail() { echo "$*" >&2; exit 1; }
systemctl restart containerd
i=0
until [ "$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')" = ok ]; do
  i=$((i + 1))
  [ $i -lt 30 ] || kb_fail "containerd's CRI plugin is not ok (ctr plugins ls: '$(ctr plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" { print $NF }')'); see journalctl -u containerd"
  sleep 1
done
