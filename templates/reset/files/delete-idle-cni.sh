rmdir {{dir}} || kb_warn {{failed}}
rmdir {{etc_cni}} 2>/dev/null || true
