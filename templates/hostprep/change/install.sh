kb_install {{staged}} {{path}} {{mode}} {{backup}}
