if command -v containerd >/dev/null 2>&1; then echo "version=$(containerd --version 2>/dev/null)"; fi
