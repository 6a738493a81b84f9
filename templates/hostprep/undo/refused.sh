kb_warn {{failed}}
