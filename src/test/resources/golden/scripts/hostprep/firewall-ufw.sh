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
  if iptables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo iptables_has=10250; fi
  if iptables -C INPUT -p tcp -m tcp --dport 30000:32767 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo iptables_has=30000-32767; fi
fi
if command -v ip6tables >/dev/null 2>&1; then
  ip6tables -S INPUT 2>/dev/null | awk '$1 == "-P" && $3 != "ACCEPT" { print "ip6tables_blocks=policy " $3 } $1 == "-A" && $3 == "-j" && ($4 == "DROP" || $4 == "REJECT") { print "ip6tables_blocks=" $0 }'
  if ip6tables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo ip6tables_has=10250; fi
  if ip6tables -C INPUT -p tcp -m tcp --dport 30000:32767 -m comment --comment kboot -j ACCEPT 2>/dev/null; then echo ip6tables_has=30000-32767; fi
fi
#### change
# kboot prepare/firewall: apply
set -e
kb_state=/var/lib/kboot; kb_journal=/var/lib/kboot/hostprep.jsonl
kb_record() { mkdir -p "$kb_state" && printf '%s\n' "$1" >> "$kb_journal"; }
kb_record '{"kind":"firewall-rule","tool":"ufw","rule":"30000:32767/tcp"}'
ufw allow 30000:32767/tcp comment kboot >/dev/null
