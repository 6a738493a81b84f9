{{kubelet_dir}}echo "kubelet-dir=$kdir"
awk -v d="$kdir/" 'index($2, d) == 1 {print "mount=" $2}' /proc/mounts
if [ -d "$kdir" ]; then echo "present={{dir}}"; fi
