dpkg -r {{packages}} >/dev/null || kb_warn {{failed}}
