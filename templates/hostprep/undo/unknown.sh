#: A record of a tool or package manager this kboot does not know: nothing to run, so the undo cannot succeed.
false || kb_warn {{failed}}
