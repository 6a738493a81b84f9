#: An INPUT chain blocks if its policy is not ACCEPT or it ends in a catch-all DROP or REJECT.
if command -v {{tool}} >/dev/null 2>&1; then
  {{tool}} -S INPUT 2>/dev/null | awk '$1 == "-P" && $3 != "ACCEPT" { print "{{tool}}_blocks=policy " $3 } $1 == "-A" && $3 == "-j" && ($4 == "DROP" || $4 == "REJECT") { print "{{tool}}_blocks=" $0 }'
{{rules}}fi
