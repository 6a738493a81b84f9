rpm -e {{packages}} || kb_warn {{failed}}
