nft delete table ip kube-proxy || kb_warn 'delete the nftables table ip kube-proxy'
nft delete table inet kube-proxy || kb_warn 'delete the nftables table inet kube-proxy'
