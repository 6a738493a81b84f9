for port in $(ip -o link show master {{bridge}} 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}'); do
  ip link delete "$port" 2>/dev/null || kb_warn "delete $port, a port of the {{bridge}} bridge"
done
if ip link show {{bridge}} >/dev/null 2>&1; then ip link delete {{bridge}} || kb_warn 'delete the {{bridge}} bridge'; fi
