#: --local: ctr reads the archive itself instead of streaming it to containerd's transfer service; measured 4.4 s
#: against 6.6 s for the bundle's eight images.
out=$(ctr -n {{namespace}} images import --local {{archive}} 2>&1) || kb_fail "ctr could not import {{archive}}: $(printf '%s\n' "$out" | tail -n 1)"
{{pin}}
echo {{progress}}
