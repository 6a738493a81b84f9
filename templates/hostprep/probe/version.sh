#: A binary kboot may replace: its first line of version output, empty if it cannot say (not executable, no such option).
if [ -e {{node}} ]; then echo "version:{{path}}=$({{node}} {{args}} 2>/dev/null | head -n 1)"; fi
