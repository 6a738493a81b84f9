#: systemd activates swap it finds on its own (GPT auto-discovery, zram): its swap units are masked too.
if command -v systemctl >/dev/null 2>&1; then
  systemctl list-units --type swap --all --no-legend --plain 2>/dev/null | awk 'NF >= 2 { print "unit=" $1 " " $2 }'
fi
