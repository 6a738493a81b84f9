kb_fail() { echo "$*" >&2; exit 1; }
