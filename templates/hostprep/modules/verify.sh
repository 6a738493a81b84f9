[ -d /sys/module/{{module}} ] || kb_fail {{failed}}
