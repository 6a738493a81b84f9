if command -v ip >/dev/null 2>&1 && ip -o -d link show {{bridge}} 2>/dev/null | grep -q ' bridge '; then
  echo "bridge={{bridge}}"
  ip -o link show master {{bridge}} 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print "port=" $2}'
fi
