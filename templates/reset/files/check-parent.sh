if [ -d {{dir}} ] && [ -z "$(ls -A {{dir}})" ]; then echo present={{dir}}; fi
