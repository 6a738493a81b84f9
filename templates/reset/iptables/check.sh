for family in iptables ip6tables; do
  seen=""
  found=no
  if [ "$family" = iptables ]; then names=/proc/net/ip_tables_names; else names=/proc/net/ip6_tables_names; fi
  for cmd in "$family-nft" "$family-legacy" "$family"; do
    command -v "$cmd" >/dev/null 2>&1 && command -v "$cmd-save" >/dev/null 2>&1 && command -v "$cmd-restore" >/dev/null 2>&1 || continue
    found=yes
    case "$("$cmd" -V 2>/dev/null)" in *nf_tables*) backend=nft;; *) backend=legacy;; esac
    case " $seen " in *" $backend "*) continue;; esac
    seen="$seen $backend"
    # Legacy tables exist once something loaded their module; listing must not load them.
    if [ "$backend" = legacy ] && [ -z "$(cat "$names" 2>/dev/null)" ]; then continue; fi
    echo "### kboot-iptables $cmd $backend"
    "$cmd-save" 2>/dev/null || echo "### kboot-iptables-failed $cmd"
  done
  [ "$found" = yes ] || echo "### kboot-iptables-missing $family"
done
if command -v nft >/dev/null 2>&1; then
  nft list tables 2>/dev/null | awk '$1 == "table" && $3 == "kube-proxy" {print "### kboot-nft " $2}'
fi
