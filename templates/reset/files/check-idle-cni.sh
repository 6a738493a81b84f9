if [ -d {{dir}} ] && [ -z "$(ls -A {{dir}})" ] && ! kb_containerd_up; then echo present={{dir}}; fi
