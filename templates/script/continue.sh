kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
