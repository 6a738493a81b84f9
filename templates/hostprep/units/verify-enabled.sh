[ "$(systemctl is-enabled {{unit}} 2>/dev/null)" = enabled ] || kb_fail {{failed}}
