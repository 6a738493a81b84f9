#: kubeadm copies the etcd data directory before etcd's manifest changes, and puts it back if the new etcd
#: does not come up healthy.
mkdir -p {{backupDir}} && chmod 0700 {{backupDir}}
rm -rf {{backup}}
#: Refused when the copy would leave less than a tenth of the disk free: the kubelet's disk pressure
#: (nodefs.available < 10 %) is where a restarted etcd stops writing and the upgrade stalls, so better no start.
need=$(du -sk {{dataDir}} | cut -f1)
set -- $(df -Pk {{backupDir}} | awk 'NR == 2 { print $2, $4 }')
if [ $(($2 - need)) -lt $(($1 / 10)) ]; then
  echo "not enough disk for a copy of etcd's data ($((need / 1024)) MB) in {{backupDir}}: $(($2 / 1024)) MB free of $(($1 / 1024)) MB, and the kubelet's disk pressure begins at $(($1 / 10240)) MB free" >&2
  exit 1
fi
cp -a {{dataDir}} {{backup}}
