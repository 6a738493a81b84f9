{{manager}} remove -y -q {{packages}} >/dev/null || kb_warn {{failed}}
