command -v containerd >/dev/null 2>&1 || kb_fail 'containerd is not in PATH after installation'
