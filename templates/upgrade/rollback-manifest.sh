#: The manifest that ran before the upgrade goes back where the kubelet reads it: copied, so the backup
#: stays and a rollback whose connection was lost can run again; renamed into place, so the kubelet never
#: reads half a file.
cp -p {{backup}} {{current}}.kboot-rollback
mv -f {{current}}.kboot-rollback {{current}}
