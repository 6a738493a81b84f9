firewall-cmd --permanent --add-port={{port}} >/dev/null && firewall-cmd --add-port={{port}} >/dev/null
