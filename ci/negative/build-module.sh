#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds a lane kernel's module from Debian's linux-source with a variant
# patch applied, out of tree against the matching linux-headers package, so
# that vermagic and symbol versions match and the lane loads it. For a lane
# that builds its kernel (LANE_KERNEL_SOURCE) the headers are that kernel's
# own build tree and the source the same linux-source.
#   build-module.sh LANE-FILE VARIANT.patch OUT-DIR
# For a lane of another architecture (arm64 on an x86 host) the module is
# cross-compiled: linux-kbuild's host programs are that architecture's
# binaries, so each is rebuilt for this host from the same source and the
# package's own .config (modpost takes the target's device-table layout
# from it); Module.symvers stays the package's. Source, headers and host
# programs are prepared once into the cache; a build takes seconds.
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../../tools/lib.sh"
cache=$vfioc_cache
[ $# -eq 3 ] || die "usage: build-module.sh LANE-FILE VARIANT.patch OUT-DIR"
lane_file=$1 patch=$(readlink -f "$2") out=$3

lane_load "$lane_file" || die "cannot read $lane_file"
# the lane builds its kernel: that build tree, not a package, is the headers
own_tree=${LANE_KERNEL_SOURCE:+yes}
if [ -n "$own_tree" ]; then
	kdir=$("$vfioc_root/vm/kernel-build.sh" "$LANE_ARCH" "$LANE_KERNEL_SOURCE" "$vfioc_root/$LANE_KERNEL_CONFIG")
else
	kdir=$("$vfioc_root/vm/kernel.sh" "$LANE_ARCH" "$LANE_KERNEL_PACKAGE")
fi
release=$(cat "$kdir/release")				# 6.1.0-56-amd64
version=${kdir##*/}; version=${version#*_}; version=${version%_*}	# 6.1.192-2
series=$(echo "$release" | cut -d. -f1-2)			# 6.1
abi=${release%-*}						# 6.1.0-56
module=$(sed -n 's/^Module: //p' "$patch")
[ -n "$module" ] || die "$patch names no Module:"
# the ABI's compiler for another architecture, and for a lane's own kernel,
# which vm/kernel-build.sh built with it (kbuild warns at another)
cross=""
if [ -n "$own_tree" ] || [ "$LANE_ARCH" != "$(dpkg --print-architecture)" ]; then
	cc=$(abi_field "$LANE_ABI" cc)
	command -v "$cc" >/dev/null || die "$cc missing: modules for $LANE_ARCH are built with it (apt-get install gcc-${cc%-gcc})"
	cross=${cc%gcc}
fi
karch=$(abi_field "$LANE_ABI" kernel_arch)

fetch() { deb_fetch "$LANE_ARCH" "$1" "$version"; }

# rebuild_host_programs KBUILD-DIR: every ELF program of the extracted
# linux-kbuild package replaced by the same program built for this host;
# one this build does not make is removed, so that a use of it fails by name
rebuild_host_programs() {
	local kbuild=$1 obj=$tree/host-programs f rel built
	mkdir -p "$obj"
	cp "$tree/root/usr/src/linux-headers-$release/.config" "$obj/.config"
	if ! { make -s -C "$src" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross" olddefconfig &&
	       make -s -C "$src" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross" -j"$(nproc)" scripts prepare0
	     } > "$obj/build.log" 2>&1; then
		tail -n 20 "$obj/build.log" >&2
		die "building linux-kbuild-$series's host programs failed"
	fi
	find "$kbuild" -type f | while read -r f; do
		head -c 4 "$f" | grep -q "^.ELF" || continue
		rel=${f#"$kbuild"/}
		built=$obj/$rel
		# Debian splits modpost by target word size and byte order
		case "$rel" in scripts/mod/modpost.real-*) built=$obj/scripts/mod/modpost ;; esac
		if [ -f "$built" ]; then cp "$built" "$f"; else rm "$f"; fi
	done
}

# prepare_headers: a Debian kernel's linux-headers and linux-kbuild, opened
# up once into the cache, host programs rebuilt for a cross build
prepare_headers() {
	tree=$cache/module-build/$release
	exec 9>"$cache/module-build.$release.lock"
	flock 9
	if [ ! -f "$tree/.complete" ]; then
		rm -rf "$tree"
		mkdir -p "$tree/root"
		for pkg in "linux-headers-$release" "linux-headers-$abi-common" "linux-kbuild-$series"; do
			dpkg-deb -x "$(fetch "$pkg")" "$tree/root"
		done
		# the headers package includes its -common half by absolute path
		sed -i "s|/usr/src/|$tree/root/usr/src/|" "$tree/root/usr/src/linux-headers-$release/Makefile"
		[ -z "$cross" ] || rebuild_host_programs "$tree/root/usr/lib/linux-kbuild-$series"
		touch "$tree/.complete"
	fi
	flock -u 9
}

# A module built once is kept, named by everything it is made from: the
# variant, this script, the kernel it is for and the compiler.
built=$cache/module-build/ko/$( { cat "$patch" "$0"; echo "$release $version ${kdir##*/}"
	"${cross}gcc" --version | head -n 1; } | sha256sum | cut -c1-16)
if [ -f "$built/$module.ko" ]; then
	mkdir -p "$out"
	cp "$built/$module.ko" "$out/"
	exit 0
fi

# the headers a module builds against: a built tree, or a package's
if [ -n "$own_tree" ]; then
	src=$(linux_source_tree "$LANE_KERNEL_SOURCE" "$version")
	headers=$kdir.tree
	[ -f "$headers/Module.symvers" ] || die "$headers has no Module.symvers: a build tree without its modules"
else
	src=$(linux_source_tree "linux-source-$series" "$version")
	headers=$cache/module-build/$release/root/usr/src/linux-headers-$release
	prepare_headers
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the module's source directory: drivers/vfio, or the patch's "Source: DIR"
dir=$(sed -n 's/^Source: //p' "$patch")
dir=${dir:-drivers/vfio}
[ -d "$src/$dir" ] || die "$(basename "$patch") names Source: $dir, which ${LANE_KERNEL_SOURCE:-linux-source-$series} does not have"
# the module's directory at its place in the source, so that a patch may
# name its files from there (a/vfio_main.c) or from the top, as a kernel
# patch does (a/drivers/iommu/iommufd/ioas.c)
mod=$work/$dir
mkdir -p "$mod"
cp "$src/$dir/"*.c "$src/$dir/"*.h "$mod/"
# a variant without a diff (the stock control) builds the source as it is
if grep -q '^--- ' "$patch"; then
	at=$mod
	grep -q "^+++ b/$dir/" "$patch" && at=$work
	(cd "$at" && patch -s -p1 < "$patch") ||
		die "$(basename "$patch") does not apply to ${LANE_KERNEL_SOURCE:-linux-source-$series} $version"
fi
# a module of several objects (vfio.ko) lists them: "Objects: a.o b.o";
# without, the directory's own Makefile (its subdirectories left out) says
objects=$(sed -n 's/^Objects: //p' "$patch")
if [ -z "$objects" ] && [ -n "$own_tree" ]; then
	grep -v '+= *[A-Za-z0-9_-]*/ *$' "$src/$dir/Makefile" > "$mod/Kbuild"
	# what the directory includes from beside it (../iommu-priv.h) is found
	# from the source's copy of it
	echo "ccflags-y += -I$src/$dir" >> "$mod/Kbuild"
else
	echo "obj-m := $module.o" > "$mod/Kbuild"
	[ -z "$objects" ] || echo "$module-y := $objects" >> "$mod/Kbuild"
fi
# CC too: Debian's headers name the compiler version their kernel was built with
cross_make=()
[ -z "$cross" ] || cross_make=(CROSS_COMPILE="$cross" CC="${cross}gcc")
# a built tree, unlike a headers package, does not name its architecture
[ -z "$own_tree" ] || cross_make+=(ARCH="$karch")
make -s -C "$headers" M="$mod" "${cross_make[@]}" modules > "$work/build.log" 2>&1 ||
	{ cat "$work/build.log" >&2; die "building $module with $(basename "$patch") failed"; }
[ -f "$mod/$module.ko" ] || die "building $(basename "$patch") made no $module.ko (Module: $module, Source: $dir)"
mkdir -p "$out" "$built.$$"
cp "$mod/$module.ko" "$out/"
cp "$mod/$module.ko" "$built.$$/" && mv -T "$built.$$" "$built" 2>/dev/null || rm -rf "$built.$$"
