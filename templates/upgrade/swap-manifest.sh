#: kubeadm's upgradeComponent: the running manifest moves to the backup directory (the kubelet stops that
#: Pod), then the new one, uploaded beside it, moves in (the kubelet starts it). Both are renames within
#: /etc/kubernetes, so the kubelet never reads half a file.
mkdir -p {{backupDir}} && chmod 0700 {{backupDir}}
mv -f {{current}} {{backup}}
mv -f {{staged}} {{current}}
