# shellcheck shell=bash
# The recipe of the lab's base image. Sourced by scripts/lab.
#
# The sha256 of THIS FILE (plus the lab SSH public key, the disk size and the lab subnet) is the
# image's cache stamp: edit anything here and `scripts/lab image` rebuilds; otherwise it reuses
# the cached image. Keep everything that shapes the image's content in this file.

RECIPE_VERSION=1
IMAGE_SUITE=bookworm

# A bare Debian 12 server, like a fresh bare-metal box: no Kubernetes, no containerd, no curl.
IMAGE_PACKAGES=(
  systemd-sysv udev openssh-server sudo iproute2 kmod iptables procps ca-certificates
  linux-image-amd64
)

# One systemd-networkd file per possible VM, matched by MAC address:
# MAC 52:54:00:4b:42:<hex(octet)>  ->  ${LAB_NET}.<octet>/24, gateway ${LAB_NET}.1
IMAGE_FIRST_OCTET=10
IMAGE_LAST_OCTET=73
IMAGE_SWAP_MB=256

lab_mac_for_octet() { printf '52:54:00:4b:42:%02x' "$1"; }

# customize_rootfs ROOT PUBKEY_FILE LAB_NET
# Runs on the host against the debootstrapped folder (chroot only for systemctl/useradd).
customize_rootfs() {
  local R=$1 pub=$2 net=$3 o

  echo debian >"$R/etc/hostname"
  cat >"$R/etc/hosts" <<'EOF'
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
EOF
  # Nothing answers DNS inside the lab namespace: queries fail fast (ICMP port unreachable from
  # the namespace itself) instead of leaking anywhere. A future lab mirror may serve DNS there.
  printf 'nameserver %s.1\n' "$net" >"$R/etc/resolv.conf"

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

  # Static addresses with systemd-networkd, one file per MAC.
  mkdir -p "$R/etc/systemd/network"
  for ((o = IMAGE_FIRST_OCTET; o <= IMAGE_LAST_OCTET; o++)); do
    cat >"$R/etc/systemd/network/10-lab-$o.network" <<EOF
[Match]
MACAddress=$(lab_mac_for_octet "$o")

[Network]
Address=$net.$o/24
Gateway=$net.1
LinkLocalAddressing=no
IPv6AcceptRA=no
EOF
  done
  chroot "$R" systemctl enable systemd-networkd.service >/dev/null 2>&1
  # Lab tweak: no periodic apt runs (there is no route to any mirror; they only burn TCG cycles).
  chroot "$R" systemctl disable apt-daily.timer apt-daily-upgrade.timer >/dev/null 2>&1 || true

  # Per-VM identity at boot: persist the hostname given on the kernel command line
  # (systemd.hostname=NODE, which systemd already applies early) and install SSH host keys, which
  # the image deliberately lacks. machine-id is left empty below so systemd makes a new one.
  cat >"$R/usr/local/sbin/kboot-lab-identity" <<'EOF'
#!/bin/sh
# kboot lab: give this VM its own identity (hostname from the kernel command line, SSH host keys).
set -e
name=$(sed -n 's/.*systemd\.hostname=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$name" ] && [ "$(cat /etc/hostname 2>/dev/null)" != "$name" ]; then
  echo "$name" >/etc/hostname
  sed -i '/^127\.0\.1\.1[[:space:]]/d' /etc/hosts
  printf '127.0.1.1\t%s\n' "$name" >>/etc/hosts
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
Before=sysinit.target ssh.service

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
