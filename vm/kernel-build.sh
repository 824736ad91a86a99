#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds a lane's kernel from Debian's linux-source package where Debian
# ships none that will do (s390x: CONFIG_VFIO off): allnoconfig plus the
# lane's config fragment, cross-compiled; the modules the fragment asks for
# (=m) installed as a package would have them. Cached by
# source version and fragment, outside the work tree; prints the directory
# in vm/kernel.sh's layout (vmlinuz, release, lib/modules/RELEASE/).
# A PATCH (negative controls) is applied to a copy of the source first.
# An unpatched build keeps its build tree (DIR.tree, a link), as a kernel
# developer's tree would be: --kernel takes it (ci/lane-selftest). The tree
# sits inside the source directory, so that kbuild names the source ".."
# rather than by its path: a patched build then starts from a copy of it,
# under a linked copy of the source, and recompiles only what the patch
# touches (seconds, not a whole kernel).
#   vm/kernel-build.sh ARCH SOURCE-PACKAGE FRAGMENT [PATCH]
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"
cache=$vfioc_cache
[ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: vm/kernel-build.sh ARCH SOURCE-PACKAGE FRAGMENT [PATCH]"
arch=$1 pkg=$2 fragment=$3 patch=${4:-}
abi=$(abi_of_debian_arch "$arch")
[ -n "$abi" ] || die "no ABI in abis.tsv has Debian architecture $arch"
karch=$(abi_field "$abi" kernel_arch) image=$(abi_field "$abi" kernel_image)
cc=$(abi_field "$abi" cc)
cross=${cc%gcc}
command -v "$cc" >/dev/null || die "$cc missing (apt-get install gcc-${cross%-})"

# the source package is architecture-independent: the host's lists have it
version=$("$vfioc_root/vm/apt.sh" amd64 version "$pkg")
[ -n "$version" ] || die "$pkg is not in the package lists"
base_key=${pkg}_${version}_${arch}-$(sha256sum < "$fragment" | cut -c1-12)
key=${pkg}_${version}_${arch}-$(cat "$fragment" $patch | sha256sum | cut -c1-12)
dir=$cache/kernels/$key
# (a DIR.tree that is a directory, not the link, is an earlier layout's)
built() { [ -f "$dir/.complete" ] && { [ -n "$patch" ] || { [ -L "$dir.tree" ] && [ -f "$dir.tree/.complete" ]; }; }; }
built && { echo "$dir"; exit 0; }

mkdir -p "$cache/kernels"
# a patched build starts from the unpatched one
[ -z "$patch" ] || "$0" "$arch" "$pkg" "$fragment" > /dev/null
exec 9>"$cache/kernels/.$key.lock"
flock 9
built && { echo "$dir"; exit 0; }
src=$(linux_source_tree "$pkg" "$version")
tree=$src/.o-$base_key

scratch=$(mktemp -d "$cache/kernels/.build.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
if [ -z "$patch" ]; then
	# the tree is kept; an earlier one is built on, not from scratch
	obj=$tree
	rm -f "$obj/.complete"
	mkdir -p "$obj"
	[ -L "$dir.tree" ] || rm -rf "$dir.tree"
	ln -sfn "$tree" "$dir.tree"
else
	# a linked copy of the source (its build trees left out) and a real
	# copy of the unpatched tree, times kept; the files the patch touches
	# become real copies first, so the cached source stays pristine
	mkdir "$scratch/src"
	for f in "$src"/* "$src"/.[!.o]*; do
		[ -e "$f" ] && cp -al "$f" "$scratch/src/"
	done
	cp -a "$tree" "$scratch/src/"
	for f in $(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$patch"); do
		cp --remove-destination "$src/$f" "$scratch/src/$f"
	done
	(cd "$scratch/src" && patch -s -p1 < "$patch") || die "$(basename "$patch") does not apply to $pkg $version"
	src=$scratch/src
	obj=$src/${tree##*/}
fi
log=$cache/kernels/.$key.log
kmake() { make -s -C "$src" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross" "$@"; }
step() {	# command... with its output in the log; the log's tail on failure
	"$@" >> "$log" 2>&1 || { tail -n 20 "$log" >&2; die "'$*' failed (log: $log)"; }
}
# the image and vm/kernel.sh's layout beside it, into $dir
build_image() {
	local modules=""
	grep -qx 'CONFIG_MODULES=y' "$obj/.config" && modules=modules
	rm -rf "$obj/out"
	step kmake -j"$(nproc)" "$(basename "$image")" $modules
	release=$(kmake kernelrelease)
	if [ -n "$modules" ]; then
		# the modules at their place, with depmod's lists, as a package has them
		step kmake INSTALL_MOD_PATH="$obj/out" modules_install
		rm -f "$obj/out/lib/modules/$release/build" "$obj/out/lib/modules/$release/source"
	else
		mkdir -p "$obj/out/lib/modules/$release"
		: > "$obj/out/lib/modules/$release/modules.dep"
		: > "$obj/out/lib/modules/$release/modules.builtin"
	fi
	cp "$obj/$image" "$obj/out/vmlinuz"
	cp "$obj/.config" "$obj/out/config"
	echo "$release" > "$obj/out/release"
	touch "$obj/out/.complete"
	rm -rf "$dir"
	mv "$obj/out" "$dir"
	[ -n "$patch" ] || touch "$obj/.complete"
	echo "$dir"
}
echo "kernel-build: building $pkg $version for $arch with $(basename "$fragment")${patch:+ and $(basename "$patch")}" >&2
: > "$log"
[ -z "$patch" ] || { build_image; exit 0; }
step kmake allnoconfig
step env ARCH="$karch" "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment"
step kmake olddefconfig
# every line of the fragment must have survived olddefconfig, an option
# it turns off included (absent from .config is off too)
while read -r line; do
	case "$line" in
	CONFIG_*=*) grep -qx "$line" "$obj/.config" ||
		die "$line of $(basename "$fragment") did not survive olddefconfig" ;;
	"# CONFIG_"*" is not set") off=${line#\# }; off=${off%% *}
		! grep -q "^$off=" "$obj/.config" ||
		die "$off of $(basename "$fragment") is on after olddefconfig" ;;
	esac
done < "$fragment"
build_image
