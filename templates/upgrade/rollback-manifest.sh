#: The manifest that ran before the upgrade goes back where the kubelet reads it.
mv -f {{backup}} {{current}}
