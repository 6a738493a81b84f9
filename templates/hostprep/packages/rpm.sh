rpm -U --replacepkgs {{staged}} >/dev/null || kb_fail "rpm could not install {{names}} (are their dependencies in {{dir}}?)"
rm -f {{staged}}
