#: A rule that is gone already (rules do not outlive a reboot unless saved) is undone.
! {{tool}} -C {{rule}} 2>/dev/null || {{tool}} -D {{rule}} || kb_warn {{failed}}
