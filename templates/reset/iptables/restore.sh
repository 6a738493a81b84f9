#: iptables-restore commits each table at once; what is left afterwards (kube-proxy or the kubelet making chains again) is a warning.
{{command}}-restore --noflush <<'KBOOT_IPTABLES_END' || kb_warn {{failed}}
{{input}}KBOOT_IPTABLES_END
if {{command}}-save 2>/dev/null | grep -Eq '^:(KUBE|CNI)-'; then kb_warn {{back}}; fi
