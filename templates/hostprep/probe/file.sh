kb_cat {{node}} {{path}}
