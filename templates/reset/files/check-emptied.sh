if [ -n "$(ls -A {{dir}} 2>/dev/null)" ]; then echo nonempty={{dir}}; fi
