swapon -a || kb_warn 'turn swap back on (swapon -a)'
