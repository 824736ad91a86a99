#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The image a lane hands QEMU's -kernel for the kernel in KDIR (vm/kernel.sh's
# layout); prints its path. An x86 bzImage that can enter through PVH (its
# vmlinux carries the PHYS32_ENTRY note, CONFIG_PVH) boots as that vmlinux:
# QEMU loads the ELF itself, and the guest skips the decompressor, which
# under TCG spent five of a bare boot's eleven seconds inflating Debian's
# xz payload. Extracted once, beside KDIR/vmlinuz; anything else boots as
# vmlinuz.
#   vm/boot-image.sh KDIR
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"
kdir=${1:?usage: vm/boot-image.sh KDIR}
image=$kdir/vmlinuz
pvh=$kdir/vmlinux.pvh
no_pvh=$kdir/.no-pvh

[ ! -f "$pvh" ] || { echo "$pvh"; exit 0; }
[ ! -f "$no_pvh" ] || { echo "$image"; exit 0; }

# le FILE OFFSET BYTES: the little-endian unsigned number there
le() { od -An -tu"$3" -j "$2" -N "$3" --endian=little "$1" | tr -d ' '; }

exec 9>"$kdir/.boot-image.lock"
flock 9
[ ! -f "$pvh" ] || { echo "$pvh"; exit 0; }

# The x86 boot protocol (Documentation/arch/x86/boot.rst): "HdrS" at 0x202,
# the setup sectors at 0x1f1, and from version 2.08 the compressed payload's
# offset (0x248, from the protected-mode code, which follows the setup) and
# length (0x24c).
payload() {
	local setup_sects offset length
	[ "$(dd if="$image" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] || return 1
	[ "$(le "$image" $((0x206)) 2)" -ge $((0x208)) ] || return 1
	setup_sects=$(le "$image" $((0x1f1)) 1)
	[ "$setup_sects" -ne 0 ] || setup_sects=4
	offset=$(( (setup_sects + 1) * 512 + $(le "$image" $((0x248)) 4) ))
	length=$(le "$image" $((0x24c)) 4)
	tail -c +$((offset + 1)) "$image" | head -c "$length"
}

# decompress FILE: by its magic, to stdout. The kernel's xz stream ends
# without what xz(1) expects of a file's end, so its status says nothing:
# what was written is checked against the size the build appended.
# A missing decompressor is not remembered as "no PVH": status 2.
decompress() {
	local tool
	case "$(head -c 6 "$1" | od -An -tx1 | tr -d ' \n')" in
	fd377a585a00) tool=xz ;;
	1f8b*) tool=gzip ;;
	28b52ffd*) tool=zstd ;;
	02214c18*) tool=lz4 ;;
	*) return 1 ;;
	esac
	command -v "$tool" >/dev/null && command -v readelf >/dev/null || return 2
	"$tool" -dcq < "$1"
	return 0
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfioc-boot-image.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0
payload > "$tmp/payload" 2>/dev/null && [ -s "$tmp/payload" ] &&
	decompress "$tmp/payload" > "$tmp/vmlinux" 2>/dev/null || status=$?
if [ "$status" -eq 2 ]; then
	echo "$image"
elif [ "$status" -eq 0 ] &&
   [ "$(stat -c %s "$tmp/vmlinux")" = "$(le "$tmp/payload" $(($(stat -c %s "$tmp/payload") - 4)) 4)" ] &&
   readelf -n "$tmp/vmlinux" 2>/dev/null | grep -q 'Xen .*(0x00000012)'; then
	mv "$tmp/vmlinux" "$pvh"
	echo "$pvh"
else
	: > "$no_pvh"
	echo "$image"
fi
