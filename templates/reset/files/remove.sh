rm -rf -- {{path}} || kb_warn {{failed}}
