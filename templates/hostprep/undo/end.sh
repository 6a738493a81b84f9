#: The record goes only when every change was undone; otherwise it stays for another try.
if [ "$kb_failed" -eq 0 ]; then
  rm -rf {{backups}} {{staging}}
  rm -f {{journal}}
  rmdir {{state}} 2>/dev/null || true
else
  echo "$kb_failed change(s) could not be undone; the record is kept in {{journal}} for another try" >&2
  exit 1
fi
