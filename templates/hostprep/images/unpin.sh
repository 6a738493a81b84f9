#: An empty value removes the label: the image is the kubelet's to collect again, like any other.
ctr -n {{namespace}} images label {{ref}} io.cri-containerd.pinned= >/dev/null || kb_fail "ctr could not unpin {{ref}}"
