sysctl -p {{file}} >/dev/null
