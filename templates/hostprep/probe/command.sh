if command -v {{command}} >/dev/null 2>&1; then echo "{{key}}=$(command -v {{command}})"; fi
