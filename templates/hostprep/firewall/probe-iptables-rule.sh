  if {{tool}} -C {{rule}} 2>/dev/null; then echo {{tool}}_has={{port}}; fi
