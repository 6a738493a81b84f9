systemctl enable {{unit}} >/dev/null 2>&1
