#!/bin/sh
# Makes target/kboot-<version>-linux-amd64.tar.gz: the distribution (bin/, lib/) plus runtime/, a Java runtime
# jlink'ed to the modules kboot needs, plus a class-data archive made for that runtime, so a machine without Java
# runs kboot. Run by `./mvnw package` (the linux-runtime execution in pom.xml) after target/kboot is assembled.
#
#   linux-runtime.sh TARGET_DIR VERSION OUTPUT_TIMESTAMP RUNTIME_JDK BUILD_JDK
#
# RUNTIME_JDK (-Dkboot.runtime.jdk, default Temurin 25) is used when it is a JDK 25 or later: its runtime gets an
# AOT cache (lib/kboot.aot) from a training run. Otherwise BUILD_JDK (the JDK running Maven) is linked, with the
# JDK's own class-data archive only: JDK 17 accepts an application archive only at the path it was made at, so one
# made here would be refused after unpacking anywhere else. A machine or JDK that cannot do this skips the tarball
# and says why; the build goes on (target/kboot and its tarball do not depend on it).
set -eu

target=$1 version=$2 timestamp=$3 runtime_jdk=$4 build_jdk=$5
name=kboot-$version-linux-amd64
tarball=$target/$name.tar.gz
stage=$target/$name
rm -rf "$stage" "$tarball"

say() { echo "linux-runtime: $*"; }
skip() {
  say "skipped $name.tar.gz: $*"
  exit 0
}

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || skip "it is made on linux-amd64 only (this is $(uname -s)-$(uname -m))"

feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jdk=
if [ -x "$runtime_jdk/bin/jlink" ] && [ "$(feature "$runtime_jdk")" -ge 25 ] 2>/dev/null; then
  jdk=$runtime_jdk
elif [ -x "$build_jdk/bin/jlink" ]; then
  jdk=$build_jdk
  [ -d "$runtime_jdk" ] || say "no JDK 25 at $runtime_jdk (-Dkboot.runtime.jdk=DIR): linking $build_jdk without an AOT cache"
else
  skip "neither $runtime_jdk nor $build_jdk has jlink"
fi
release=$(feature "$jdk")

# The modules: what jdeps finds in every jar of the distribution, less java.desktop, plus the providers that
# jdeps cannot see because they are looked up by name.
# - java.desktop: only commons-lang3 (reached by commons-compress) and SnakeYAML's bean introspection name it;
#   kboot reaches neither (SnakeYAML reads into plain maps, Jackson its records), and it is a quarter of a runtime.
# - jdk.crypto.ec: the EC, XDH and EdDSA algorithms up to JDK 21 (java.base since JDK 22): ECDSA keys and TLS to
#   the API server, curve25519 and ed25519 for SSH.
jars=$(ls "$target"/kboot/lib/*.jar)
# shellcheck disable=SC2086
modules=$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps $jars | tail -1 \
  | tr , '\n' | grep -vx java.desktop | paste -sd, -)
[ "$release" -ge 22 ] || modules=$modules,jdk.crypto.ec
case $modules in java.base*) ;; *) skip "jdeps found no modules ($modules)" ;; esac

# The JDK's own class-data archive only where there is no AOT cache (which holds the JDK's classes it needs too),
# and only the one for compressed pointers: kboot's heap never nears the 32 GB past which the other is used.
cds=
[ "$release" -ge 25 ] || cds=--generate-cds-archive
mkdir -p "$stage"
if ! "$jdk/bin/jlink" --add-modules "$modules" --output "$stage/runtime" --strip-debug --no-header-files \
  --no-man-pages --strip-native-debug-symbols exclude-debuginfo-files $cds >"$target/$name-jlink.log" 2>&1; then
  cat "$target/$name-jlink.log" >&2
  skip "jlink of $jdk failed (above)"
fi
rm -f "$stage/runtime/lib/server/classes_nocoops.jsa"
cp -R "$target/kboot/bin" "$stage/bin"
mkdir "$stage/lib"
cp "$target"/kboot/lib/*.jar "$stage/lib/"
# Completion files and man pages, made at prepare-package (cli.DistributionFiles), when there.
[ ! -d "$target/kboot/share" ] || cp -R "$target/kboot/share" "$stage/share"

# Every file gets the build's timestamp now, before training: the archive records the jars' times and the tarball
# keeps them, so the archive matches the jars wherever the tarball is unpacked.
epoch=$(date -d "$timestamp" +%s)
find "$stage" -exec touch -h -d "@$epoch" {} +

# A process that runs what most runs do (picocli's command model, a v1beta4 file read through Jackson and SnakeYAML,
# BouncyCastle and the JDK's EC code making a PKI and the kubeconfigs), with the launcher's flags: it checks that the
# trimmed runtime runs kboot, and on JDK 25 it is the training run that writes the AOT cache.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/kubeadm.yaml" <<EOF
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 10.0.0.10
nodeRegistration:
  name: training
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
controlPlaneEndpoint: k8s.example.test:6443
certificatesDir: $work/pki
encryptionAlgorithm: ECDSA-P256
EOF
others=$("$stage/bin/kinit" master phase --help | sed -n '/^Phases:/,$p' | grep -E '^  [a-z0-9-]+ ' \
  | awk '{print $1}' | grep -vx -e certs -e kubeconfig | paste -sd, -)
training=
[ "$release" -lt 25 ] || training=-XX:AOTCacheOutput=$stage/lib/kboot.aot
if ! KBOOT_JAVA_OPTS=$training "$stage/bin/kinit" master --config "$work/kubeadm.yaml" --kubeconfig-dir "$work" \
  --skip-phases "$others" >"$target/$name-training.log" 2>&1 || [ ! -f "$work/admin.conf" ]; then
  cat "$target/$name-training.log" >&2
  echo "linux-runtime: kboot failed on the linked runtime (above)" >&2
  exit 1
fi
if [ -n "$training" ]; then
  [ -f "$stage/lib/kboot.aot" ] || { echo "linux-runtime: the training run wrote no $stage/lib/kboot.aot" >&2; exit 1; }
  touch -d "@$epoch" "$stage/lib/kboot.aot"
  archive="an AOT cache (lib/kboot.aot, $(du -m "$stage/lib/kboot.aot" | cut -f1) MB)"
else
  archive="the JDK's class-data archive only (no application archive: JDK $release binds one to its install path)"
fi

tar -C "$target" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - "$name" | gzip -n >"$tarball"
say "made $name.tar.gz ($(du -m "$tarball" | cut -f1) MB): kboot with a JDK $release runtime of $(du -sm "$stage/runtime" \
  | cut -f1) MB ($modules) and $archive"
