#: kubeadm copies the etcd data directory before etcd's manifest changes, and puts it back if the new etcd
#: does not come up healthy.
mkdir -p {{backupDir}} && chmod 0700 {{backupDir}}
rm -rf {{backup}}
cp -a {{dataDir}} {{backup}}
