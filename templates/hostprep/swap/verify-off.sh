[ "$(wc -l < /proc/swaps)" -le 1 ] || kb_fail 'swap is still on after swapoff -a'
