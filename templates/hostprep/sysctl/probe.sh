echo "sysctl:{{key}}=$(cat {{proc}} 2>/dev/null || echo missing)"
