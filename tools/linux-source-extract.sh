#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Takes what the build needs from Debian's linux-source tarball, in one pass
# (decompressing it is the slow part):
#   OUT/ksft/            kselftest_harness.h, kselftest.h
#   OUT/uapi-new/linux/  vfio.h, vfio_zdev.h (as headers_install would leave
#                        them) and a version.h naming the tarball's version
#   OUT/ksft-runner/     run_kselftest.sh and kselftest/ (the runner)
# Nothing of it is committed: the build tree is its only home. The three
# directories are kept in the download cache too, for each tarball (its name,
# size and time): a clean checkout copies them from there instead of
# decompressing 150 MB again (10 s of CPU).
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/lib.sh"

usage() { echo "usage: $0 LINUX-SOURCE-TARBALL OUT-DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
tarball=$1 out=$2

if [ ! -r "$tarball" ]; then
	echo "error: $tarball not found: install the kselftest harness with" \
	     "'apt-get install linux-source-6.12', or set KSFT_DIR to a kernel" \
	     "tree's tools/testing/selftests" >&2
	exit 1
fi

parts=(ksft uapi-new ksft-runner)
cache_dir=$vfioc_cache/linux-source/$(basename "$tarball")-$(stat -L -c '%s-%Y' "$tarball")
if [ -f "$cache_dir/.complete" ]; then
	mkdir -p "$out"
	cp -r "${parts[@]/#/$cache_dir/}" "$out/"
	echo "kselftest harness and uapi vfio headers of $tarball from $cache_dir"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

top=$(tar -tJf "$tarball" 2>/dev/null | head -n 1 | cut -d/ -f1) || true
[ -n "$top" ] || { echo "error: $tarball is not a readable tar.xz" >&2; exit 1; }

tar -xJf "$tarball" -C "$tmp" \
	"$top/Makefile" \
	"$top/tools/testing/selftests/kselftest_harness.h" \
	"$top/tools/testing/selftests/kselftest.h" \
	"$top/include/uapi/linux/vfio.h" \
	"$top/include/uapi/linux/vfio_zdev.h" \
	"$top/tools/testing/selftests/run_kselftest.sh" \
	"$top/tools/testing/selftests/kselftest"

src=$tmp/$top
mkdir -p "$out/ksft" "$out/uapi-new/linux" "$out/ksft-runner"
cp "$src/tools/testing/selftests/kselftest_harness.h" \
   "$src/tools/testing/selftests/kselftest.h" "$out/ksft/"
# the kernel's own runner, for the installed kselftest tree (make gen_tar)
cp -r "$src/tools/testing/selftests/run_kselftest.sh" \
   "$src/tools/testing/selftests/kselftest" "$out/ksft-runner/"

# headers_install strips the kernel-only __user annotation; so do we.
for h in vfio.h vfio_zdev.h; do
	sed -e 's/[[:space:]]__user[[:space:]]/ /g' "$src/include/uapi/linux/$h" \
		> "$out/uapi-new/linux/$h"
done

version() { sed -n "s/^$1 = \([0-9]*\)$/\1/p" "$src/Makefile" | head -n 1; }
v=$(version VERSION) p=$(version PATCHLEVEL) s=$(version SUBLEVEL)
cat > "$out/uapi-new/linux/version.h" <<VERSION
/* uapi version of the vfio headers beside this file ($top) */
#define LINUX_VERSION_CODE $(( (v << 16) + (p << 8) + (s > 255 ? 255 : s) ))
#define KERNEL_VERSION(a,b,c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
VERSION
# into the cache last, whole or not at all
if mkdir -p "$(dirname "$cache_dir")" && stage=$(mktemp -d "$cache_dir.XXXXXX"); then
	cp -r "${parts[@]/#/$out/}" "$stage/" && touch "$stage/.complete" &&
		mv -T "$stage" "$cache_dir" 2>/dev/null || rm -rf "$stage"
fi
echo "extracted kselftest harness and uapi $v.$p.$s vfio headers from $tarball"
