ufw delete allow {{port}} >/dev/null || kb_warn {{failed}}
