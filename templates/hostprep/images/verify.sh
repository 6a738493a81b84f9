printf '%s\n' "$kb_images" | awk -v r={{ref}} -v d={{digest}} '$1 == r && $3 == d && $NF ~ /io.cri-containerd.pinned=pinned/ { f = 1 } END { exit !f }' || kb_fail {{failed}}
