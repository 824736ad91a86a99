#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetches and unpacks a Debian kernel package for a lane, once, into the
# cache outside the work tree, and prints the directory:
#   DIR/vmlinuz, DIR/release, DIR/lib/modules/RELEASE/ (modules the lanes
#   can use, decompressed, with modules.dep)
# usage: vm/kernel.sh ARCH PACKAGE-REGEX     newest matching package
#        vm/kernel.sh ARCH --deb FILE.deb    a given package
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"
cache=$vfioc_cache
# Only these module trees go into a lane; the rest of the package is dropped.
keep="kernel/drivers/vfio kernel/virt kernel/drivers/virtio kernel/drivers/iommu
      kernel/drivers/char kernel/drivers/pci kernel/drivers/s390"

[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: $0 ARCH PACKAGE-REGEX | ARCH --deb FILE.deb"
arch=$1
mkdir -p "$cache/kernels"

apt_for_arch() { "$vfioc_root/vm/apt.sh" "$arch" "$@"; }

newest_package() {
	apt_for_arch apt-cache search --names-only "^$1\$" 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -n 1
}

if [ "$2" = --deb ]; then
	deb=$(readlink -f "$3")
	[ -r "$deb" ] || die "$3: no such kernel package"
	key=custom-$(sha256sum "$deb" | cut -c1-16)
else
	pkg=$(newest_package "$2")
	if [ -z "$pkg" ]; then
		apt_for_arch refresh
		pkg=$(newest_package "$2")
	fi
	[ -n "$pkg" ] || die "no Debian $arch package matches '$2' in the package lists (apt: $(grep -m1 '^E:' "$cache/apt/$arch/update.log" 2>/dev/null || echo 'no error on update'))"
	version=$(apt_for_arch apt-cache show --no-all-versions "$pkg" | sed -n 's/^Version: //p' | head -n 1)
	key=${pkg}_${version}_$arch
fi
dir=$cache/kernels/$key
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi

# Lanes of one kernel run in parallel: one unpacks, the others wait.
exec 9>"$cache/kernels/.$key.lock"
flock 9
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi
tmp=$(mktemp -d "$cache/kernels/.unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
[ -n "${deb:-}" ] || deb=$(deb_fetch "$arch" "$pkg" "$version")
dpkg-deb -x "$deb" "$tmp/root"
release=$(ls "$tmp/root/lib/modules" | head -n 1)
[ -n "$release" ] || die "$deb holds no modules"
image=$(ls "$tmp/root/boot/"vmlinu[xz]-* 2>/dev/null | head -n 1)
[ -n "$image" ] || die "$deb holds no kernel image"

mkdir -p "$tmp/out/lib/modules/$release"
for sub in $keep; do
	src=$tmp/root/lib/modules/$release/$sub
	[ -d "$src" ] || continue
	mkdir -p "$tmp/out/lib/modules/$release/$(dirname "$sub")"
	cp -a "$src" "$tmp/out/lib/modules/$release/$sub"
done
cp "$tmp/root/lib/modules/$release/"modules.builtin* "$tmp/root/lib/modules/$release/modules.order" \
	"$tmp/out/lib/modules/$release/" 2>/dev/null || true
# busybox insmod cannot read compressed modules (6.12 ships .ko.xz)
find "$tmp/out" -name '*.ko.xz' -exec xz -d {} +
find "$tmp/out" -name '*.ko.zst' -exec zstd -q -d --rm {} +
depmod -b "$tmp/out" "$release"
cp "$image" "$tmp/out/vmlinuz"
cp "$tmp/root/boot/config-$release" "$tmp/out/config" 2>/dev/null || true
echo "$release" > "$tmp/out/release"
touch "$tmp/out/.complete"
rm -rf "$dir"
mv "$tmp/out" "$dir"
echo "$dir"
