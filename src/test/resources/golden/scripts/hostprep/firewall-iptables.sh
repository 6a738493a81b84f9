#### query
# kboot prepare/firewall: check
kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\n')"; else echo "file:$2=-"; fi; }
if command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q '^Status: active'; then
  echo ufw=active
  ufw status 2>/dev/null | awk '$2 == "ALLOW" || $3 == "ALLOW" { print "ufw_rule=" $1 }'
fi
if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
  echo firewalld=running
  for p in $(firewall-cmd --permanent --list-ports 2>/dev/null); do echo "firewalld_port=$p"; done
fi
if command -v nft >/dev/null 2>&1 && nft list ruleset 2>/dev/null | grep -q 'hook input.*policy drop'; then echo nft=drop; fi
kb_sha /etc/kboot/firewall.sh /etc/kboot/firewall.sh
kb_sha /etc/systemd/system/kboot-firewall.service /etc/systemd/system/kboot-firewall.service
echo "boot_unit=$(systemctl is-enabled kboot-firewall 2>/dev/null)"
if command -v iptables >/dev/null 2>&1; then
  iptables -S INPUT 2>/dev/null | awk '$1 == "-P" && $3 != "ACCEPT" { print "iptables_blocks=policy " $3 } $1 == "-A" && $3 == "-j" && ($4 == "DROP" || $4 == "REJECT") { print "iptables_blocks=" $0 }'
  if iptables -C INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo iptables_has=6443; fi
  if iptables -C INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo iptables_has=2379-2380; fi
  if iptables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo iptables_has=10250; fi
  if iptables -C INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo iptables_has=10257; fi
  if iptables -C INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo iptables_has=10259; fi
fi
if command -v ip6tables >/dev/null 2>&1; then
  ip6tables -S INPUT 2>/dev/null | awk '$1 == "-P" && $3 != "ACCEPT" { print "ip6tables_blocks=policy " $3 } $1 == "-A" && $3 == "-j" && ($4 == "DROP" || $4 == "REJECT") { print "ip6tables_blocks=" $0 }'
  if ip6tables -C INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo ip6tables_has=6443; fi
  if ip6tables -C INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo ip6tables_has=2379-2380; fi
  if ip6tables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo ip6tables_has=10250; fi
  if ip6tables -C INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo ip6tables_has=10257; fi
  if ip6tables -C INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo ip6tables_has=10259; fi
fi
#### upload /var/lib/kboot/staging/etc/kboot/firewall.sh FileAttributes[mode=493, owner=Optional.empty, group=Optional.empty]
#### upload /var/lib/kboot/staging/etc/systemd/system/kboot-firewall.service FileAttributes[mode=420, owner=Optional.empty, group=Optional.empty]
#### change
# kboot prepare/firewall: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_fail() { echo "$*" >&2; exit 1; }
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_mkdirs() { [ -d "$1" ] && return 0; kb_mkdirs "$(dirname "$1")"; kb_record "{\"kind\":\"dir-created\",\"path\":\"$1\"}"; mkdir "$1"; }
kb_backup() { [ -e "$2" ] && return 0; grep -qxF "{\"kind\":\"file-written\",\"path\":\"$1\"}" "$kb_journal" 2>/dev/null && return 0; mkdir -p "$(dirname "$2")"; cp -P -p "$1" "$2"; kb_record "{\"kind\":\"file-replaced\",\"path\":\"$1\",\"backup\":\"$2\"}"; }
kb_install() { kb_mkdirs "$(dirname "$2")"; if [ -e "$2" ] || [ -L "$2" ]; then kb_backup "$2" "$4"; else kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; fi; cp "$1" "$2.kboot-new" && chmod "$3" "$2.kboot-new" && mv -f "$2.kboot-new" "$2" && rm -f "$1"; }
kb_record '{"kind":"firewall-rule","tool":"iptables","rule":"INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT"}'
iptables -I INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT
kb_record '{"kind":"firewall-rule","tool":"iptables","rule":"INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT"}'
iptables -I INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT
kb_record '{"kind":"firewall-rule","tool":"iptables","rule":"INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT"}'
iptables -I INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT
kb_record '{"kind":"firewall-rule","tool":"iptables","rule":"INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT"}'
iptables -I INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT
kb_record '{"kind":"firewall-rule","tool":"ip6tables","rule":"INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT"}'
ip6tables -I INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT
kb_record '{"kind":"firewall-rule","tool":"ip6tables","rule":"INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT"}'
ip6tables -I INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT
kb_record '{"kind":"firewall-rule","tool":"ip6tables","rule":"INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT"}'
ip6tables -I INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT
kb_record '{"kind":"firewall-rule","tool":"ip6tables","rule":"INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT"}'
ip6tables -I INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT
kb_record '{"kind":"firewall-rule","tool":"ip6tables","rule":"INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT"}'
ip6tables -I INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT
kb_install /var/lib/kboot/staging/etc/kboot/firewall.sh /etc/kboot/firewall.sh 0755 /var/lib/kboot/backup/etc/kboot/firewall.sh
kb_install /var/lib/kboot/staging/etc/systemd/system/kboot-firewall.service /etc/systemd/system/kboot-firewall.service 0644 /var/lib/kboot/backup/etc/systemd/system/kboot-firewall.service
systemctl daemon-reload
kb_record '{"kind":"unit-enabled","unit":"kboot-firewall","started":false}'
systemctl enable kboot-firewall >/dev/null 2>&1
iptables -C INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT || kb_fail 'iptables rule for port 6443 is missing'
iptables -C INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT || kb_fail 'iptables rule for port 2379-2380 is missing'
iptables -C INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT || kb_fail 'iptables rule for port 10257 is missing'
iptables -C INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT || kb_fail 'iptables rule for port 10259 is missing'
ip6tables -C INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT || kb_fail 'ip6tables rule for port 6443 is missing'
ip6tables -C INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT || kb_fail 'ip6tables rule for port 2379-2380 is missing'
ip6tables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT || kb_fail 'ip6tables rule for port 10250 is missing'
ip6tables -C INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT || kb_fail 'ip6tables rule for port 10257 is missing'
ip6tables -C INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT || kb_fail 'ip6tables rule for port 10259 is missing'
[ "$(systemctl is-enabled kboot-firewall 2>/dev/null)" = enabled ] || kb_fail 'kboot-firewall is not enabled'
