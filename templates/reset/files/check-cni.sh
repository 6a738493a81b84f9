if [ -n "$(ls -A {{dir}} 2>/dev/null)" ]; then echo nonempty={{dir}}; elif [ -d {{dir}} ] && ! kb_containerd_up; then echo present={{dir}}; fi
