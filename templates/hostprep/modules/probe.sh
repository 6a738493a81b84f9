if [ -d /sys/module/{{module}} ]; then echo loaded={{module}}; elif grep -qs '/{{module}}.ko' "/lib/modules/$(uname -r)/modules.builtin"; then echo builtin={{module}}; fi
