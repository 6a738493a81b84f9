kb_images=$(ctr -n {{namespace}} images ls 2>/dev/null)
