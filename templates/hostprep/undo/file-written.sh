rm -f {{path}} || kb_warn {{failed}}
