#: Links whatever the distribution directories hold that the CNI directory lacks; the loop runs on the node, after
#: any installation before it, so it sees the installed files.
for f in {{globs}}; do
  [ -f "$f" ] && [ -x "$f" ] && kb_link "$f" {{dir}}/"${f##*/}"
done
true
