#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Prints the path of a static busybox for a Debian architecture, taken from
# busybox-static:ARCH once and kept in the cache outside the work tree.
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"
arch=${1:?usage: vm/busybox.sh ARCH}
cache=$vfioc_cache
out=$cache/busybox/$arch/busybox
if [ -x "$out" ]; then
	echo "$out"
	exit 0
fi
mkdir -p "$cache/busybox/$arch"
exec 9>"$cache/busybox/.$arch.lock"
flock 9
[ -x "$out" ] && { echo "$out"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# one busybox for every lane, from the default suites whichever lane asks
# first: a lane's own (unstable) would give another, and usr-merged
(cd "$tmp" && VFIO_CONFORMANCE_APT_SUITES='' "$vfioc_root/vm/apt.sh" "$arch" apt-get download -q busybox-static >/dev/null 2>&1) ||
	die "apt-get download busybox-static ($arch) failed"
dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/root"
bin=$tmp/root/bin/busybox
[ -f "$bin" ] || bin=$tmp/root/usr/bin/busybox
[ -f "$bin" ] || die "busybox-static ($arch) has no bin/busybox nor usr/bin/busybox"
cp "$bin" "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
