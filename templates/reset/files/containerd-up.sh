#: Whether a containerd answers on the socket (and so watches the CNI directory, which it must not see deleted).
kb_containerd_up() { [ -S {{socket}} ] && command -v ctr >/dev/null 2>&1 && ctr --address {{socket}} --connect-timeout 2s version >/dev/null 2>&1; }
