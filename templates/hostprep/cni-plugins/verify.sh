[ -x {{path}} ] || kb_fail {{failed}}
