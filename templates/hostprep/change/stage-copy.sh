mkdir -p {{dir}} && { ln -f {{source}} {{staged}} 2>/dev/null || cp {{source}} {{staged}}; }
