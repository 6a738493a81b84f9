kb_link {{source}} {{target}}
