rmdir {{path}} 2>/dev/null || true
