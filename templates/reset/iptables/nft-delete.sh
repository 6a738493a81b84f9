nft delete table {{family}} kube-proxy || kb_warn {{failed}}
