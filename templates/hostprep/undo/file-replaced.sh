{ cp -P -p {{backup}} {{restore}} && mv -f {{restore}} {{path}}; } || kb_warn {{failed}}
