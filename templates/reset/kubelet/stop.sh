systemctl stop kubelet || kb_warn 'stop the kubelet (systemctl stop kubelet)'
state=$(systemctl is-active kubelet 2>/dev/null)
case "$state" in active|activating|reloading|refreshing) kb_warn "stop the kubelet: it is still $state";; esac
