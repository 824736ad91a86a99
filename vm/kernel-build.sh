#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds a lane's kernel from Debian's linux-source package where Debian
# ships none that will do (s390x: CONFIG_VFIO off): allnoconfig plus the
# lane's config fragment, everything built in, cross-compiled. Cached by
# source version and fragment, outside the work tree; prints the directory
# in vm/kernel.sh's layout (vmlinuz, release, lib/modules/RELEASE/).
# A PATCH (negative controls) is applied to a copy of the source first.
# An unpatched build keeps its build tree beside it (DIR.tree), as a kernel
# developer's tree would be: --kernel takes it (ci/lane-selftest).
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
version=$("$vfioc_root/vm/apt.sh" amd64 apt-cache show --no-all-versions "$pkg" 2>/dev/null |
	  sed -n 's/^Version: //p' | head -n 1)
[ -n "$version" ] || die "$pkg is not in the package lists"
key=${pkg}_${version}_${arch}-$(cat "$fragment" $patch | sha256sum | cut -c1-12)
dir=$cache/kernels/$key
built() { [ -f "$dir/.complete" ] && { [ -n "$patch" ] || [ -f "$dir.tree/.complete" ]; }; }
built && { echo "$dir"; exit 0; }

mkdir -p "$cache/kernels"
exec 9>"$cache/kernels/.$key.lock"
flock 9
built && { echo "$dir"; exit 0; }
src=$(linux_source_tree "$pkg" "$version")

scratch=$(mktemp -d "$cache/kernels/.build.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
obj=$scratch
if [ -z "$patch" ]; then
	# the tree is kept; an earlier one is built on, not from scratch
	obj=$dir.tree
	rm -f "$obj/.complete"
	mkdir -p "$obj"
else
	# a linked copy of the tree; the files the patch touches become real
	# copies first, so the cached source stays pristine
	cp -al "$src" "$obj/src"
	for f in $(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$patch"); do
		cp --remove-destination "$src/$f" "$obj/src/$f"
	done
	(cd "$obj/src" && patch -s -p1 < "$patch") || die "$(basename "$patch") does not apply to $pkg $version"
	src=$obj/src
	mkdir -p "$obj/o"
	obj=$obj/o
fi
log=$cache/kernels/.$key.log
kmake() { make -s -C "$src" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross" "$@"; }
step() {	# command... with its output in the log; the log's tail on failure
	"$@" >> "$log" 2>&1 || { tail -n 20 "$log" >&2; die "'$*' failed (log: $log)"; }
}
echo "kernel-build: building $pkg $version for $arch with $(basename "$fragment")" >&2
: > "$log"
step kmake allnoconfig
step env ARCH="$karch" "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment"
step kmake olddefconfig
# every line of the fragment must have survived olddefconfig
while read -r line; do
	case "$line" in CONFIG_*=*) grep -qx "$line" "$obj/.config" ||
		die "$line of $(basename "$fragment") did not survive olddefconfig" ;; esac
done < "$fragment"
step kmake -j"$(nproc)" "$(basename "$image")"
release=$(kmake kernelrelease)
mkdir -p "$obj/out/lib/modules/$release"
: > "$obj/out/lib/modules/$release/modules.dep"
: > "$obj/out/lib/modules/$release/modules.builtin"
cp "$obj/$image" "$obj/out/vmlinuz"
cp "$obj/.config" "$obj/out/config"
echo "$release" > "$obj/out/release"
touch "$obj/out/.complete"
rm -rf "$dir"
mv "$obj/out" "$dir"
[ -n "$patch" ] || touch "$obj/.complete"
echo "$dir"
