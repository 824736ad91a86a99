#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A Debian userspace for a lane that is a real host: mmdebstrap of the
# machine's Debian release (its own mirrors, vm/apt.sh sources) with the
# packages a user of the suite has once ./run_tests.sh installed what it
# needs, plus what a host's operator uses. Built once, cached outside the
# work tree as a tarball keyed by architecture and package list; prints it.
#   vm/debian-rootfs.sh ARCH
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"
arch=${1:?usage: vm/debian-rootfs.sh ARCH}
command -v mmdebstrap >/dev/null || die "mmdebstrap missing (apt-get install mmdebstrap)"

# what tools/install-deps.sh host asks for, and the commands the guest's
# scenario and run_tests.sh call
packages=$("$vfioc_root/tools/install-deps.sh" --list host | tr ' ' '\n' | grep -v '^linux-source')
packages="$packages bash coreutils kmod pciutils procps util-linux gawk findutils"
packages=$(tr ' ' '\n' <<<"$packages" | sed '/^$/d' | sort -u | tr '\n' ,)
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:?}")
key=$arch-$suite-$(echo "$packages" | sha256sum | cut -c1-12)
out=$vfioc_cache/rootfs/$key.tar
[ -f "$out" ] && { echo "$out"; exit 0; }

mkdir -p "$vfioc_cache/rootfs"
exec 9>"$vfioc_cache/rootfs/.$key.lock"
flock 9
[ -f "$out" ] && { echo "$out"; exit 0; }
echo "debian-rootfs: mmdebstrap $suite $arch with ${packages%,}" >&2
"$vfioc_root/vm/apt.sh" "$arch" sources |
	mmdebstrap --quiet --variant=minbase --architectures="$arch" --include="${packages%,}" \
		--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
		--format=tar "$suite" "$out.tmp" - > "$vfioc_cache/rootfs/.$key.log" 2>&1 ||
	{ tail -n 15 "$vfioc_cache/rootfs/.$key.log" >&2; rm -f "$out.tmp"; die "mmdebstrap $suite $arch failed"; }
mv "$out.tmp" "$out"
echo "$out"
