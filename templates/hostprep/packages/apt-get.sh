export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends {{packages}} >/dev/null || kb_fail "apt-get could not install {{packages}}: is the node offline? Use --packages-dir to upload packages instead"
