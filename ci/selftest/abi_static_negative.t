#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Negative control for the compile-time ABI tier (tests/abi_layout_static.c):
# each case compiles it against a copy of the uapi vfio.h with one crafted
# ABI break and must see the build refused, naming what broke. The unbroken
# copy must build, or the refusals prove nothing.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
uapi=${UAPI_VFIO_H:-/usr/include/linux/vfio.h}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name | compiler | sed expression | text the refusal must contain
cases=(
	"iova_pgsizes_moved|x86_64-linux-gnu-gcc|s/^\t__u64\tiova_pgsizes;/\t__u32\tbroken;\n&/|vfio_iommu_type1_info.iova_pgsizes must be at offset 8"
	"iova_pgsizes_moved_on_i386|i686-linux-gnu-gcc|s/^\t__u64\tiova_pgsizes;/\t__u32\tbroken;\n&/|vfio_iommu_type1_info.iova_pgsizes must be at offset 8 on every ABI"
	"migration_pgsize_bitmap_narrowed|x86_64-linux-gnu-gcc|s/^\t__u64\tpgsize_bitmap;/\t__u32\tpgsize_bitmap;/|vfio_iommu_type1_info_cap_migration.pgsize_bitmap must be 8 bytes"
	"dma_avail_widened|x86_64-linux-gnu-gcc|s/^\t__u32\tavail;/\t__u64\tavail;/|vfio_iommu_type1_info_dma_avail.avail must be 4 bytes"
	"caps_flag_renumbered|arm-linux-gnueabihf-gcc|s/^#define VFIO_IOMMU_INFO_CAPS\t(1 << 1)/#define VFIO_IOMMU_INFO_CAPS (1 << 2)/|VFIO_IOMMU_INFO_CAPS must be 2"
	"get_info_ioctl_renumbered|s390x-linux-gnu-gcc|s/VFIO_IOMMU_GET_INFO _IO(VFIO_TYPE, VFIO_BASE + 12)/VFIO_IOMMU_GET_INFO _IO(VFIO_TYPE, VFIO_BASE + 13)/|VFIO_IOMMU_GET_INFO must be 0x3B70"
)

compile() {	# compiler, include dir -> compiler output; status of the build
	"$1" -std=gnu11 -fsyntax-only -I"$2" -I"$root/lib" \
		"$root/tests/abi_layout_static.c" 2>&1
}

echo "TAP version 13"
echo "1..$(( ${#cases[@]} + 1 ))"

mkdir -p "$tmp/intact/linux"
cp "$uapi" "$tmp/intact/linux/vfio.h"
if out=$(compile x86_64-linux-gnu-gcc "$tmp/intact"); then
	echo "ok 1 abi_static_negative.intact_headers_build"
else
	echo "not ok 1 abi_static_negative.intact_headers_build"
	printf '%s\n' "$out" | sed 's/^/# /'
fi

n=1
for c in "${cases[@]}"; do
	IFS='|' read -r name cc expr want <<<"$c"
	n=$((n + 1))
	dir=$tmp/$name
	mkdir -p "$dir/linux"
	sed -e "$expr" "$uapi" > "$dir/linux/vfio.h"
	if cmp -s "$uapi" "$dir/linux/vfio.h"; then
		echo "not ok $n abi_static_negative.$name"
		echo "# the crafted break did not apply to $uapi: update the case"
		continue
	fi
	if out=$(compile "$cc" "$dir"); then
		echo "not ok $n abi_static_negative.$name"
		echo "# $cc built the broken header: the compile-time check missed it"
	elif grep -qF -- "$want" <<<"$out"; then
		echo "ok $n abi_static_negative.$name"
	else
		echo "not ok $n abi_static_negative.$name"
		echo "# refused, but without naming it: want '$want', saw:"
		printf '%s\n' "$out" | head -n 5 | sed 's/^/# /'
	fi
done
