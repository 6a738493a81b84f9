sysctl -w {{setting}} >/dev/null || kb_warn {{failed}}
