#### query
# kboot prepare/kubelet: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
if command -v kubelet >/dev/null 2>&1; then echo "kubelet=$(command -v kubelet)"; fi
if command -v kubectl >/dev/null 2>&1; then echo "kubectl=$(command -v kubectl)"; fi
if [ -e /usr/bin/kubelet ]; then echo "version:/usr/bin/kubelet=$(/usr/bin/kubelet --version 2>/dev/null | head -n 1)"; fi
if [ -e /usr/bin/kubectl ]; then echo "version:/usr/bin/kubectl=$(/usr/bin/kubectl version --client 2>/dev/null | head -n 1)"; fi
echo "enabled=$(systemctl is-enabled kubelet 2>/dev/null)"
kb_sha /etc/systemd/system/kubelet.service /etc/systemd/system/kubelet.service
kb_sha /etc/systemd/system/kubelet.service.d/10-kubeadm.conf /etc/systemd/system/kubelet.service.d/10-kubeadm.conf
#### upload /var/lib/kboot/staging/etc/systemd/system/kubelet.service FileAttributes[mode=420, owner=Optional.empty, group=Optional.empty]
#### upload /var/lib/kboot/staging/etc/systemd/system/kubelet.service.d/10-kubeadm.conf FileAttributes[mode=420, owner=Optional.empty, group=Optional.empty]
#### change
# kboot prepare/kubelet: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_mkdirs() { [ -d "$1" ] && return 0; kb_mkdirs "$(dirname "$1")"; kb_record "{\"kind\":\"dir-created\",\"path\":\"$1\"}"; mkdir "$1"; }
kb_backup() { [ -e "$2" ] && return 0; grep -qxF "{\"kind\":\"file-written\",\"path\":\"$1\"}" "$kb_journal" 2>/dev/null && return 0; mkdir -p "$(dirname "$2")"; cp -P -p "$1" "$2"; kb_record "{\"kind\":\"file-replaced\",\"path\":\"$1\",\"backup\":\"$2\"}"; }
kb_install() { kb_mkdirs "$(dirname "$2")"; if [ -e "$2" ] || [ -L "$2" ]; then kb_backup "$2" "$4"; else kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; fi; cp "$1" "$2.kboot-new" && chmod "$3" "$2.kboot-new" && mv -f "$2.kboot-new" "$2" && rm -f "$1"; }
kb_install /var/lib/kboot/staging/etc/systemd/system/kubelet.service /etc/systemd/system/kubelet.service 0644 /var/lib/kboot/backup/etc/systemd/system/kubelet.service
kb_install /var/lib/kboot/staging/etc/systemd/system/kubelet.service.d/10-kubeadm.conf /etc/systemd/system/kubelet.service.d/10-kubeadm.conf 0644 /var/lib/kboot/backup/etc/systemd/system/kubelet.service.d/10-kubeadm.conf
systemctl daemon-reload
kb_record '{"kind":"unit-enabled","unit":"kubelet","started":false}'
systemctl enable kubelet >/dev/null 2>&1
[ "$(systemctl is-enabled kubelet 2>/dev/null)" = enabled ] || kb_fail 'kubelet is not enabled'
