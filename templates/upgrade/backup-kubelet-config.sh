#: kubeadm keeps the kubelet's configuration before writing the cluster's over it.
mkdir -p {{backupDir}} && chmod 0700 {{backupDir}}
cp -p {{config}} {{backupDir}}/config.yaml
