rm -rf {{path}} {{unpacked}} || kb_warn {{failed}}
