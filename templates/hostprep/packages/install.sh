{{manager}} install -y -q {{packages}} >/dev/null || kb_fail "{{manager}} could not install {{packages}}: is the node offline? Use --packages-dir to upload packages instead"
