#: A module in use (by a bridge, by overlay mounts) stays loaded; that is not a failure.
modprobe -r {{module}} >/dev/null 2>&1 || true
