# kboot reset: undo host preparation
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
modprobe -r overlay >/dev/null 2>&1 || true
if [ "$kb_failed" -eq 0 ]; then
  rm -rf /var/lib/kboot/backup /var/lib/kboot/staging
  rm -f /var/lib/kboot/hostprep.jsonl
  rmdir /var/lib/kboot 2>/dev/null || true
else
  echo "$kb_failed change(s) could not be undone; the record is kept in /var/lib/kboot/hostprep.jsonl for another try" >&2
  exit 1
fi
