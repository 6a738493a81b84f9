if ! command -v ctr >/dev/null 2>&1; then
  echo "ctr=not installed"
elif out=$(ctr -n {{namespace}} images ls 2>/dev/null); then
  printf '%s\n' "$out" | awk 'NR > 1 { print "image=" $1 " " $3 " " $NF }'
else
  echo "ctr=$(ctr -n {{namespace}} images ls 2>&1 | tail -n 1)"
fi
