dpkg -i {{staged}} >/dev/null || kb_fail "dpkg could not install {{names}} (are their dependencies in {{dir}}?)"
rm -f {{staged}}
