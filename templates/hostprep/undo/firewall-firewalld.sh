firewall-cmd --permanent --remove-port={{port}} >/dev/null && firewall-cmd --remove-port={{port}} >/dev/null || kb_warn {{failed}}
