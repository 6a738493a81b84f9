#: The UID of each of a static Pod's directories under /var/log/pods whose container has a log: the kubelet
#: names them NAMESPACE_NAME_UID and makes one per Pod it starts (a changed manifest: a new UID).
for d in {{prefix}}*; do
  [ -d "$d" ] || continue
  ls "$d"/{{container}}/*.log >/dev/null 2>&1 && echo "${d##*_}"
done
exit 0
