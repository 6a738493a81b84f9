{{tool}} -C {{rule}} || kb_fail {{failed}}
