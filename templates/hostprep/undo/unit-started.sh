systemctl disable --now {{unit}} >/dev/null 2>&1 || kb_warn {{failed}}
