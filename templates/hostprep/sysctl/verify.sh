[ "$(cat {{proc}} 2>/dev/null)" = 1 ] || kb_fail "{{key}} is '$(cat {{proc}} 2>/dev/null)' after sysctl -p, expected 1"
