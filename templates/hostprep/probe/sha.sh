kb_sha {{node}} {{path}}
