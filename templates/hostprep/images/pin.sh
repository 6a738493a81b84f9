#: Pinned (containerd's CRI label): the kubelet's image garbage collection never removes the image. A node
#: that cannot pull must keep what the bundle brought: an upgrade stages the next release's images minutes
#: before anything runs them, while unpacking the bundle fills the disk past the kubelet's threshold.
ctr -n {{namespace}} images label {{ref}} io.cri-containerd.pinned=pinned >/dev/null || kb_fail "ctr could not pin {{ref}}"
