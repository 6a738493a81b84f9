DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq {{packages}} >/dev/null || kb_warn {{failed}}
