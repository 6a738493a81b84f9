if command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q '^Status: active'; then
  echo ufw=active
  ufw status 2>/dev/null | awk '$2 == "ALLOW" || $3 == "ALLOW" { print "ufw_rule=" $1 }'
fi
if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
  echo firewalld=running
  for p in $(firewall-cmd --permanent --list-ports 2>/dev/null); do echo "firewalld_port=$p"; done
fi
if command -v nft >/dev/null 2>&1 && nft list ruleset 2>/dev/null | grep -q 'hook input.*policy drop'; then echo nft=drop; fi
