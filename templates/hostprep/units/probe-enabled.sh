echo "{{key}}=$(systemctl is-enabled {{unit}} 2>/dev/null)"
