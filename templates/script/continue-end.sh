if [ "$kb_failed" -ne 0 ]; then echo "$kb_failed step(s) failed" >&2; exit 1; fi
