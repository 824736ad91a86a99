#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Negative control for the run-time ABI tier (tests/abi_layout): a real
# i386 difference with no record in the fixture must fail, and so must a
# record for a difference that is not there, and a malformed fixture. Uses
# the built programs.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

# must_fail NAME FLAVOUR FIXTURE PATTERN...: abi_layout of FLAVOUR with
# FIXTURE must exit non-zero and print a line matching every PATTERN.
must_fail() {
	local name=$1 flavour=$2 fixture=$3 out pattern
	shift 3
	n=$((n + 1))
	if out=$("$root/tools/tap-exec" "$build/$flavour/tests/abi_layout" "$fixture" 2>&1); then
		echo "not ok $n abi_layout_negative.$name"
		echo "# abi_layout $flavour passed with $(basename "$fixture")"
		return
	fi
	for pattern in "$@"; do
		if ! grep -q -- "$pattern" <<<"$out"; then
			echo "not ok $n abi_layout_negative.$name"
			echo "# failed, but no line matches '$pattern':"
			printf '%s\n' "$out" | sed 's/^/# /'
			return
		fi
	done
	echo "ok $n abi_layout_negative.$name"
}

echo "TAP version 13"
echo "1..3"

: > "$tmp/empty.ini"
must_fail unrecorded_i386_deviation_fails i386 "$tmp/empty.ini" \
	'^not ok .* abi_layout.vfio_iommu_type1_info_cap_migration$' \
	'no deviation recorded for i386 vfio_iommu_type1_info_cap_migration'

printf '[x86_64 vfio_iommu_type1_dma_map]\nreason = crafted\nsizeof = 28\n' > "$tmp/stale.ini"
must_fail stale_record_fails x86_64 "$tmp/stale.ini" \
	'^not ok .* abi_layout.vfio_iommu_type1_dma_map$' \
	'but the layout is the kernel.s: remove it'

printf '[i386 vfio_bitmap]\nreason = x\nsizeof = 20\nbogus = 1\n' > "$tmp/bad.ini"
must_fail malformed_fixture_bails_out i386 "$tmp/bad.ini" \
	'^Bail out! .*bad.ini:4: \[i386 vfio_bitmap\] bogus: unknown key'
