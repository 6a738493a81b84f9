{{tool}} -C {{rule}} 2>/dev/null || {{tool}} -I {{rule}}
