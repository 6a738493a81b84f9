command -v ctr >/dev/null 2>&1 || kb_fail 'ctr is not installed: prepare/containerd installs containerd'
