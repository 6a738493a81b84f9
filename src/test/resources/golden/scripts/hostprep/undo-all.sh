# kboot reset: undo host preparation
kb_failed=0
kb_warn() { echo "warning: could not $*"; kb_failed=$((kb_failed + 1)); }
if command -v ctr >/dev/null 2>&1; then ctr -n k8s.io images rm registry.k8s.io/pause:3.10 >/dev/null 2>&1 || true; fi
kb_warn 'delete /etc (not one of kboot'\''s bundle directories)'
rm -rf /var/lib/kboot/bundles/v1.33.4-amd64 /var/lib/kboot/bundles/v1.33.4-amd64.unpack || kb_warn 'delete the bundle directory /var/lib/kboot/bundles/v1.33.4-amd64'
false || kb_warn 'delete the nft rule x'
firewall-cmd --permanent --remove-port=2379-2380/tcp >/dev/null && firewall-cmd --remove-port=2379-2380/tcp >/dev/null || kb_warn 'delete the firewalld rule 2379-2380/tcp'
ufw delete allow 30000:32767/tcp >/dev/null || kb_warn 'delete the ufw rule 30000:32767/tcp'
! ip6tables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT 2>/dev/null || ip6tables -D INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT || kb_warn 'delete the ip6tables rule INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT'
! iptables -C INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT 2>/dev/null || iptables -D INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT || kb_warn 'delete the iptables rule INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT'
false || kb_warn 'remove kubelet (pacman)'
rpm -e kubelet || kb_warn 'remove kubelet (rpm)'
dpkg -r kubelet >/dev/null || kb_warn 'remove kubelet (dpkg)'
yum remove -y -q containerd >/dev/null || kb_warn 'remove containerd (yum)'
dnf remove -y -q containerd >/dev/null || kb_warn 'remove containerd (dnf)'
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq containerd runc >/dev/null || kb_warn 'remove containerd runc (apt-get)'
swapon -a || kb_warn 'turn swap back on (swapon -a)'
sysctl -w net.ipv4.ip_forward=0 >/dev/null || kb_warn 'set net.ipv4.ip_forward back to 0'
modprobe -r br_netfilter >/dev/null 2>&1 || true
systemctl disable kubelet >/dev/null 2>&1 || kb_warn 'disable kubelet'
systemctl disable --now containerd >/dev/null 2>&1 || kb_warn 'disable containerd'
systemctl unmask dev-sda2.swap >/dev/null 2>&1 || kb_warn 'unmask dev-sda2.swap'
{ cp -P -p '/var/lib/kboot/backup/etc/it'\''s here' '/etc/it'\''s here.kboot-restore' && mv -f '/etc/it'\''s here.kboot-restore' '/etc/it'\''s here'; } || kb_warn 'restore /etc/it'\''s here from /var/lib/kboot/backup/etc/it'\''s here'
{ cp -P -p /var/lib/kboot/backup/etc/fstab /etc/fstab.kboot-restore && mv -f /etc/fstab.kboot-restore /etc/fstab; } || kb_warn 'restore /etc/fstab from /var/lib/kboot/backup/etc/fstab'
rm -f /etc/modules-load.d/k8s.conf || kb_warn 'delete /etc/modules-load.d/k8s.conf'
rmdir /etc/modules-load.d 2>/dev/null || true
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then systemctl daemon-reload || kb_warn 'reload systemd'; fi
if [ "$kb_failed" -eq 0 ]; then
  rm -rf /var/lib/kboot/backup /var/lib/kboot/staging
  rm -f /var/lib/kboot/hostprep.jsonl
  rmdir /var/lib/kboot 2>/dev/null || true
else
  echo "$kb_failed change(s) could not be undone; the record is kept in /var/lib/kboot/hostprep.jsonl for another try" >&2
  exit 1
fi
