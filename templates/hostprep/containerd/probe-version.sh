#: The containerd and runc in PATH, whoever installed them; the version lines of kboot's own (/usr/local) come from probe/version.sh.
if command -v containerd >/dev/null 2>&1; then echo "containerd=$(command -v containerd)"; echo "version=$(containerd --version 2>/dev/null)"; fi
if command -v runc >/dev/null 2>&1; then echo "runc=$(command -v runc)"; echo "runc_version=$(runc --version 2>/dev/null | head -n 1)"; fi
