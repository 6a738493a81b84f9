systemctl mask {{unit}} >/dev/null
