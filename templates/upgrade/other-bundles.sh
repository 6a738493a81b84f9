#: Every bundle directory but the one the node now runs from, with its size: "bundle=MB ID".
if [ -d {{dir}} ]; then
  for d in {{dir}}/*/; do
    [ -d "$d" ] || continue
    id=$(basename "$d")
    [ "$id" = {{keep}} ] && continue
    echo "bundle=$(du -sm "$d" | cut -f1) $id"
  done
fi
