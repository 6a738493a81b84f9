#: etcd's data restored from the backup's snapshot by the etcdutl of the etcd image the node already runs
#: etcd from (kboot's and registry.k8s.io's both carry it), in a throwaway container: nothing is installed.
#: --bump-revision and --mark-compacted: the kubelets and controllers that watched the lost control plane
#: hold resourceVersions newer than the snapshot; a jump past them, with the history marked compacted,
#: makes every watch start over instead of waiting for revisions that will never come (etcd's advice
#: for restoring a Kubernetes cluster).
set -e
mkdir -p {{parent}}
ctr -n k8s.io containers rm kboot-etcd-restore >/dev/null 2>&1 || true
ctr -n k8s.io run --rm \
  --mount type=bind,src={{stage}},dst=/restore,options=rbind:ro \
  --mount type=bind,src={{parent}},dst=/target,options=rbind:rw \
  {{image}} kboot-etcd-restore \
  /usr/local/bin/etcdutl snapshot restore /restore/snapshot.db --data-dir /target/{{dataDirName}} \
  --name {{name}} --initial-cluster {{name}}={{peerUrl}} --initial-advertise-peer-urls {{peerUrl}} \
  --bump-revision 1000000000 --mark-compacted 2>&1
chmod 0700 {{dataDir}}
printf '%s\n' {{snapshotSha}} > {{marker}}
rm -rf {{stage}}
