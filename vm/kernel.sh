#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A lane's kernel, unpacked once into the cache outside the work tree; prints
# the directory: DIR/vmlinuz, DIR/release, DIR/lib/modules/RELEASE/ (the
# module trees a lane can use, decompressed, with modules.dep and
# modules.builtin).
# usage: vm/kernel.sh ARCH PACKAGE-REGEX    the newest Debian package matching
#        vm/kernel.sh ARCH --given INPUT... what a user has, together:
#          .deb files: Debian <= 12 (/lib/modules), usr-merged
#            (/usr/lib/modules), Debian's split linux-binary-* and
#            linux-modules-*, Ubuntu's linux-image-* + linux-modules-*
#            [+ linux-modules-extra-*];
#          .rpm files: kernel-core + kernel-modules-core / kernel-modules, or
#            one kernel-default (unpacked with rpm2cpio);
#          a directory of such packages;
#          a kernel build tree (arch/*/boot/bzImage or Image, the modules it
#            built, modules.builtin, include/config/kernel.release).
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"
cache=$vfioc_cache
# Only these module trees go into a lane; the rest of the package is dropped.
keep="kernel/drivers/vfio kernel/virt kernel/drivers/virtio kernel/drivers/iommu
      kernel/drivers/char kernel/drivers/pci kernel/drivers/s390"

[ $# -ge 2 ] || die "usage: vm/kernel.sh ARCH PACKAGE-REGEX | ARCH --given FILE-OR-TREE..."
arch=$1
shift
mkdir -p "$cache/kernels"

apt_for_arch() { "$vfioc_root/vm/apt.sh" "$arch" "$@"; }

# The inputs, a directory of packages opened up; a tree stays a tree.
inputs=()
# tree_images TREE: the kernel images a built tree holds, the one to boot
# first
tree_images() {
	local m
	for m in "$1"/arch/*/boot/bzImage "$1"/arch/*/boot/Image "$1"/arch/s390/boot/image; do
		[ ! -f "$m" ] || echo "$m"
	done
}
# tree_fingerprint TREE: what a lane takes from a built tree -- its
# release, its image and the modules it keeps, by content and relative
# path -- so that a rebuilt image or module is a new kernel to the cache
# and the same tree, wherever it lies, is the same one
tree_fingerprint() {
	local sub
	(cd "$1" && {
		cat include/config/kernel.release 2>/dev/null
		{ tree_images .
		  for sub in $keep; do
			[ ! -d "${sub#kernel/}" ] || find "${sub#kernel/}" -name '*.ko'
		  done; } | sort | xargs -r sha256sum
	})
}

if [ "$1" = --given ]; then
	shift
	for i in "$@"; do
		[ -e "$i" ] || die "$i: no such kernel package or tree"
		i=$(readlink -f "$i")
		if [ -d "$i" ] && [ ! -f "$i/Makefile" ]; then
			for f in "$i"/*.deb "$i"/*.rpm; do [ ! -f "$f" ] || inputs+=("$f"); done
		else
			inputs+=("$i")
		fi
	done
	[ ${#inputs[@]} -gt 0 ] || die "$*: no .deb or .rpm in it"
	key=given-$(for i in "${inputs[@]}"; do
		if [ -d "$i" ]; then tree_fingerprint "$i"; else sha256sum < "$i"; fi
	done | sha256sum | cut -c1-16)
else
	read -r pkg version < <(apt_for_arch newest "$1") || true
	if [ -z "${pkg:-}" ]; then
		apt_for_arch refresh
		read -r pkg version < <(apt_for_arch newest "$1") || true
	fi
	[ -n "${pkg:-}" ] || die "no Debian $arch package matches '$1' in the package lists (apt: $(grep -m1 '^E:' "$cache/apt/$arch/update.log" 2>/dev/null || echo 'no error on update'))"
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
# Debian >= 14 splits linux-image-* into linux-binary-* (the image),
# linux-modules-* and linux-base-* (config, modules.builtin, modules.order);
# Ubuntu into linux-modules-*[-extra]: the parts are exact-version Depends.
split_halves() {
	apt_for_arch apt-cache show --no-all-versions "$pkg" | sed -n 's/^Depends: //p' | head -n 1 |
		tr ',' '\n' | sed -n "s/^ *\(linux-\(binary\|modules\|modules-extra\|base\)-[^ ]*\) (= $version)\$/\1/p"
}
if [ ${#inputs[@]} -eq 0 ]; then
	inputs=("$(deb_fetch "$arch" "$pkg" "$version")")
	for half in $(split_halves); do
		inputs+=("$(deb_fetch "$arch" "$half" "$version")")
	done
fi

# A build tree as a package would have it: image, and the modules it built
# at their place in /lib/modules/RELEASE, with the tree's module lists.
stage_tree() {
	local tree=$1 release m
	release=$(cat "$tree/include/config/kernel.release" 2>/dev/null) ||
		die "$tree: no include/config/kernel.release: is it a built kernel tree?"
	mkdir -p "$tmp/root/boot" "$tmp/root/lib/modules/$release/kernel"
	m=$(tree_images "$tree" | head -n 1)
	[ -z "$m" ] || cp "$m" "$tmp/root/boot/vmlinuz-$release"
	cp "$tree/.config" "$tmp/root/boot/config-$release" 2>/dev/null || true
	if ! grep -qx 'CONFIG_MODULES=y' "$tree/.config" 2>/dev/null && [ -f "$tree/.config" ]; then
		# built without modules: every driver it has is built in
		: > "$tmp/root/lib/modules/$release/modules.builtin"
		return 0
	fi
	[ -f "$tree/modules.order" ] || return 0
	while read -r m; do
		m=${m%.o}
		m=${m%.ko}
		[ -f "$tree/$m.ko" ] || continue
		mkdir -p "$tmp/root/lib/modules/$release/kernel/$(dirname "$m")"
		cp "$tree/$m.ko" "$tmp/root/lib/modules/$release/kernel/$m.ko"
	done < "$tree/modules.order"
	cp "$tree"/modules.builtin* "$tmp/root/lib/modules/$release/" 2>/dev/null || true
}

mkdir -p "$tmp/root"
for i in "${inputs[@]}"; do
	case "$i" in
	*.deb) dpkg-deb -x "$i" "$tmp/root" || die "$i: not a .deb dpkg-deb can open" ;;
	*.rpm)
		command -v rpm2cpio >/dev/null || die "$i: an RPM needs rpm2cpio (apt-get install rpm2cpio)"
		(cd "$tmp/root" && rpm2cpio "$i" | cpio -idm --quiet) || die "$i: rpm2cpio could not open it"
		;;
	*) [ -d "$i" ] && stage_tree "$i" || die "$i: neither a .deb, an .rpm nor a kernel build tree" ;;
	esac
done

# usr-merged packages (Debian >= 13, Ubuntu, Fedora) keep modules under /usr
mods=
for m in "$tmp"/root/lib/modules/* "$tmp"/root/usr/lib/modules/*; do
	[ -d "$m/kernel" ] || [ -f "$m/modules.builtin" ] || continue
	mods=$m
	break
done
[ -n "$mods" ] || die "${inputs[*]} hold no modules (no lib/modules/RELEASE or usr/lib/modules/RELEASE with kernel/): give the modules package too (linux-modules-*, kernel-modules-core)"
release=${mods##*/}
image=
for m in "$tmp/root/boot/vmlinuz-$release" "$tmp/root/boot/vmlinux-$release" "$mods/vmlinuz" \
	 "$tmp"/root/boot/vmlinu[xz]-*; do
	[ -f "$m" ] && { image=$m; break; }
done
[ -n "$image" ] || die "${inputs[*]} hold no kernel image for $release (looked in /boot and $release's module directory): give the image package too (linux-image-*, linux-binary-*, kernel-core)"

mkdir -p "$tmp/out/lib/modules/$release"
for sub in $keep; do
	src=$mods/$sub
	[ -d "$src" ] || continue
	mkdir -p "$tmp/out/lib/modules/$release/$(dirname "$sub")"
	cp -a "$src" "$tmp/out/lib/modules/$release/$sub"
done
cp "$mods/"modules.builtin* "$mods/modules.order" "$tmp/out/lib/modules/$release/" 2>/dev/null || true
# busybox insmod cannot read compressed modules
find "$tmp/out" -name '*.ko.xz' -exec xz -d {} +
find "$tmp/out" -name '*.ko.zst' -exec zstd -q -d --rm {} +
find "$tmp/out" -name '*.ko.gz' -exec gzip -d {} +

# A kernel for another architecture than the lane's is refused here, not
# by a guest that cannot boot it.
want=$(abi_field "$(abi_of_debian_arch "$arch")" elf)
one=$(find "$tmp/out" -name '*.ko' | head -n 1)
if [ -n "$one" ]; then
	seen=$(file -b "$one")
	case "$seen" in *"$want"*) ;; *)
		die "$release is not a kernel for $arch: its modules are '$(cut -d, -f1-2 <<<"$seen")' where $arch's are $want" ;;
	esac
fi

depmod -b "$tmp/out" "$release"
cp "$image" "$tmp/out/vmlinuz"
cp "$tmp/root/boot/config-$release" "$tmp/out/config" 2>/dev/null ||
	cp "$mods/config" "$tmp/out/config" 2>/dev/null || true
echo "$release" > "$tmp/out/release"
touch "$tmp/out/.complete"
rm -rf "$dir"
mv "$tmp/out" "$dir"
echo "$dir"
