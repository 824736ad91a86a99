#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds a lane kernel's module from Debian's linux-source with a variant
# patch applied, out of tree against the matching linux-headers package, so
# that vermagic and symbol versions match and the lane loads it.
#   build-module.sh LANE-FILE VARIANT.patch OUT-DIR
# Source and headers are fetched once into the cache; a build takes seconds.
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../../tools/lib.sh"
root=$vfioc_root cache=$vfioc_cache
[ $# -eq 3 ] || die "usage: build-module.sh LANE-FILE VARIANT.patch OUT-DIR"
lane_file=$1 patch=$(readlink -f "$2") out=$3

lane_load "$lane_file" || die "cannot read $lane_file"
kdir=$("$root/vm/kernel.sh" "$LANE_ARCH" "$LANE_KERNEL_PACKAGE")
release=$(cat "$kdir/release")				# 6.1.0-56-amd64
version=${kdir##*/}; version=${version#*_}; version=${version%_*}	# 6.1.192-2
series=$(echo "$release" | cut -d. -f1-2)			# 6.1
abi=${release%-*}						# 6.1.0-56
[ "$LANE_ARCH" = "$(dpkg --print-architecture)" ] ||
	die "modules for $LANE_ARCH cannot be built here: linux-kbuild's tools are $LANE_ARCH binaries"
module=$(sed -n 's/^Module: //p' "$patch")
[ -n "$module" ] || die "$patch names no Module:"

fetch() { deb_fetch "$LANE_ARCH" "$1" "$version"; }

tree=$cache/module-build/$release
exec 9>"$cache/module-build.$release.lock"
flock 9
if [ ! -f "$tree/.complete" ]; then
	rm -rf "$tree"
	mkdir -p "$tree/root" "$tree/src"
	for pkg in "linux-headers-$release" "linux-headers-$abi-common" "linux-kbuild-$series"; do
		dpkg-deb -x "$(fetch "$pkg")" "$tree/root"
	done
	# the headers package includes its -common half by absolute path
	sed -i "s|/usr/src/|$tree/root/usr/src/|" "$tree/root/usr/src/linux-headers-$release/Makefile"
	dpkg-deb --fsys-tarfile "$(fetch "linux-source-$series")" |
		tar -xO "./usr/src/linux-source-$series.tar.xz" |
		tar -xJ -C "$tree/src" --strip-components=1 "linux-source-$series/drivers/vfio"
	touch "$tree/.complete"
fi
flock -u 9

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$tree/src/drivers/vfio/"*.c "$tree/src/drivers/vfio/"*.h "$work/"
# a variant without a diff (the stock control) builds the source as it is
if grep -q '^--- ' "$patch"; then
	(cd "$work" && patch -s -p1 < "$patch") ||
		die "$(basename "$patch") does not apply to linux-source-$series $version"
fi
echo "obj-m := $module.o" > "$work/Kbuild"
# a module of several objects (vfio.ko) lists them: "Objects: a.o b.o"
objects=$(sed -n 's/^Objects: //p' "$patch")
[ -z "$objects" ] || echo "$module-y := $objects" >> "$work/Kbuild"
make -s -C "$tree/root/usr/src/linux-headers-$release" M="$work" modules > "$work/build.log" 2>&1 ||
	{ cat "$work/build.log" >&2; die "building $module with $(basename "$patch") failed"; }
mkdir -p "$out"
cp "$work/$module.ko" "$out/"
