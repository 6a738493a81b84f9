#!/bin/sh
# Written by kboot: the ports Kubernetes needs, commented "kboot". kboot reset removes this.
iptables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT 2>/dev/null || iptables -I INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT
iptables -C INPUT -p tcp -m tcp --dport 30000:32767 -m comment --comment kboot -j ACCEPT 2>/dev/null || iptables -I INPUT -p tcp -m tcp --dport 30000:32767 -m comment --comment kboot -j ACCEPT
ip6tables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT 2>/dev/null || ip6tables -I INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT
ip6tables -C INPUT -p tcp -m tcp --dport 30000:32767 -m comment --comment kboot -j ACCEPT 2>/dev/null || ip6tables -I INPUT -p tcp -m tcp --dport 30000:32767 -m comment --comment kboot -j ACCEPT
#### unit
[Unit]
Description=kboot: open the ports Kubernetes needs in iptables
After=network-pre.target netfilter-persistent.service iptables.service ip6tables.service
Before=kubelet.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh /etc/kboot/firewall.sh

[Install]
WantedBy=multi-user.target
