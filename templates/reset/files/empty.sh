kb_empty {{dir}}
