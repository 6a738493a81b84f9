kb_empty {{dir}}
if ! kb_containerd_up; then rmdir {{dir}} 2>/dev/null || true; fi
rmdir {{parents}} 2>/dev/null || true
