if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  echo "state=$(systemctl is-active kubelet 2>/dev/null)"
else
  echo "state=no-systemd"
  if command -v pgrep >/dev/null 2>&1 && pgrep -x kubelet >/dev/null 2>&1; then echo "running=yes"; fi
fi
