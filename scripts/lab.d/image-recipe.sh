# shellcheck shell=bash
# The recipe of the lab's base image. Sourced by scripts/lab.
#
# The sha256 of THIS FILE (plus the lab SSH public key and the disk size) is the image's cache
# stamp: edit anything here and `scripts/lab image` rebuilds; otherwise it reuses the cached
# image. Keep everything that shapes the image's content in this file. Nothing here depends on
# the lab subnet, so lab instances with different KBOOT_LAB_NET share one image.

RECIPE_VERSION=2
IMAGE_SUITE=bookworm

# A bare Debian 12 server, like a fresh bare-metal box: no Kubernetes, no containerd, no curl.
IMAGE_PACKAGES=(
  systemd-sysv udev openssh-server sudo iproute2 kmod iptables procps ca-certificates
  linux-image-amd64
)

IMAGE_SWAP_MB=256

# customize_rootfs ROOT PUBKEY_FILE
# Runs on the host against the debootstrapped folder (chroot only for systemctl/useradd/initramfs).
customize_rootfs() {
  local R=$1 pub=$2

  echo debian >"$R/etc/hostname"
  cat >"$R/etc/hosts" <<'EOF'
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
EOF
  # Not the build host's resolver: kboot-lab-identity points it at the lab gateway at boot.
  echo '# written at boot by kboot-lab-identity' >"$R/etc/resolv.conf"

  # Swap like a fresh box. The swap file is filled with 0xff because `mkfs.ext4 -d` turns
  # all-zero blocks into holes, and the kernel refuses swap files with holes.
  cat >"$R/etc/fstab" <<'EOF'
# <file system> <mount point> <type> <options> <dump> <pass>
/dev/vda	/	ext4	errors=remount-ro	0	1
/swapfile	none	swap	sw	0	0
EOF
  head -c $((IMAGE_SWAP_MB * 1024 * 1024)) /dev/zero | tr '\000' '\377' >"$R/swapfile"
  chmod 600 "$R/swapfile"
  mkswap "$R/swapfile" >/dev/null

  # Static addresses with systemd-networkd: kboot-lab-identity writes a .network file matching
  # the VM's MAC from the kernel command line before networkd starts.
  mkdir -p "$R/etc/systemd/network"
  chroot "$R" systemctl enable systemd-networkd.service >/dev/null 2>&1
  # Lab tweak: no periodic apt runs (there is no route to any mirror; they only burn TCG cycles).
  chroot "$R" systemctl disable apt-daily.timer apt-daily-upgrade.timer >/dev/null 2>&1 || true

  # Per-VM identity at boot, from the kernel command line that `scripts/lab` gives each VM:
  # persist the hostname (systemd.hostname=NODE, which systemd already applies early), write the
  # static network config (kboot.lab.address=, kboot.lab.gateway=, kboot.lab.mac=), and install
  # SSH host keys, which the image deliberately lacks. machine-id is left empty below so systemd
  # makes a new one.
  cat >"$R/usr/local/sbin/kboot-lab-identity" <<'EOF'
#!/bin/sh
# kboot lab: give this VM its own identity (hostname, static address, SSH host keys).
set -e
arg() { sed -n "s/^\(.* \)\{0,1\}$1=\([^ ]*\).*/\2/p" /proc/cmdline; }
name=$(arg systemd.hostname)
if [ -n "$name" ] && [ "$(cat /etc/hostname 2>/dev/null)" != "$name" ]; then
  echo "$name" >/etc/hostname
  sed -i '/^127\.0\.1\.1[[:space:]]/d' /etc/hosts
  printf '127.0.1.1\t%s\n' "$name" >>/etc/hosts
fi
address=$(arg kboot.lab.address) gateway=$(arg kboot.lab.gateway) mac=$(arg kboot.lab.mac)
if [ -n "$address" ] && [ -n "$mac" ]; then
  f=/etc/systemd/network/10-kboot-lab.network
  {
    printf '# written by kboot-lab-identity from the kernel command line\n'
    printf '[Match]\nMACAddress=%s\n\n[Network]\nAddress=%s\n' "$mac" "$address"
    [ -z "$gateway" ] || printf 'Gateway=%s\n' "$gateway"
    printf 'LinkLocalAddressing=no\nIPv6AcceptRA=no\n'
  } >"$f.new"
  if cmp -s "$f.new" "$f"; then rm -f "$f.new"; else mv "$f.new" "$f"; fi
  # Nothing answers DNS in the lab: queries to the gateway fail fast and go nowhere else.
  [ -z "$gateway" ] || [ "$(cat /etc/resolv.conf)" = "nameserver $gateway" ] ||
    echo "nameserver $gateway" >/etc/resolv.conf
fi
if [ ! -e /etc/ssh/ssh_host_ed25519_key ]; then
  # Host keys made for this VM by `scripts/lab up`, handed over via qemu's fw_cfg (fast, and the
  # lab knows them before boot); else generate them here (slow under TCG: RSA takes ~5-40 s).
  keys=/sys/firmware/qemu_fw_cfg/by_name/opt/io.kboot.lab/ssh-host-keys.tar/raw
  modprobe qemu_fw_cfg 2>/dev/null || true
  if [ -r "$keys" ]; then
    tar -x -f "$keys" -C /etc/ssh --no-same-owner --no-same-permissions
    chmod 600 /etc/ssh/ssh_host_*_key
    chmod 644 /etc/ssh/ssh_host_*_key.pub
  fi
  ssh-keygen -A
fi
EOF
  chmod 755 "$R/usr/local/sbin/kboot-lab-identity"
  cat >"$R/etc/systemd/system/kboot-lab-identity.service" <<'EOF'
[Unit]
Description=kboot lab: per-VM hostname and SSH host keys
DefaultDependencies=no
After=local-fs.target
Before=sysinit.target ssh.service systemd-networkd.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/kboot-lab-identity

[Install]
WantedBy=sysinit.target
EOF
  chroot "$R" systemctl enable kboot-lab-identity.service >/dev/null 2>&1

  # A lean initrd (Debian's default MODULES=most is a 35 MB initrd that takes ~5 s to unpack
  # under TCG): only what finds and mounts the virtio root disk. Other modules load from the root
  # file system as usual.
  sed -i 's/^MODULES=.*/MODULES=list/' "$R/etc/initramfs-tools/initramfs.conf"
  printf '%s\n' virtio_pci virtio_blk ext4 crc32c_generic >>"$R/etc/initramfs-tools/modules"
  chroot "$R" update-initramfs -u -k all >/dev/null 2>&1

  # root and the non-root sudo user `kboot`, both with the lab key.
  install -d -m 700 "$R/root/.ssh"
  install -m 600 "$pub" "$R/root/.ssh/authorized_keys"
  chroot "$R" useradd --create-home --shell /bin/bash --user-group kboot
  chroot "$R" usermod --password '*' kboot # no password, but not "locked" for sshd
  install -d -m 700 "$R/home/kboot/.ssh"
  install -m 600 "$pub" "$R/home/kboot/.ssh/authorized_keys"
  chroot "$R" chown -R kboot:kboot /home/kboot/.ssh
  echo 'kboot ALL=(ALL) NOPASSWD:ALL' >"$R/etc/sudoers.d/kboot"
  chmod 440 "$R/etc/sudoers.d/kboot"

  # Shared image, distinct machines: no host keys, no machine-id, no package caches.
  rm -f "$R"/etc/ssh/ssh_host_*
  : >"$R/etc/machine-id"
  rm -f "$R/var/lib/dbus/machine-id" "$R/var/lib/systemd/random-seed"
  rm -f "$R"/var/cache/apt/archives/*.deb "$R"/var/cache/apt/*.bin
  rm -rf "$R"/tmp/* "$R"/var/tmp/*
}
