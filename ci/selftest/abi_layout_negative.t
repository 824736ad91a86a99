#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Negative control for the run-time ABI tier (tests/abi_layout): a real
# i386 difference with no record in the fixture must fail, and so must a
# record for a difference that is not there. Uses the built programs.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "TAP version 13"
echo "1..3"

run() {	# flavour, fixture -> output; status of abi_layout
	"$root/ci/tap-exec" "$build/$1/tests/abi_layout" "$2" 2>&1
}

: > "$tmp/empty.ini"
if out=$(run i386 "$tmp/empty.ini"); then
	echo "not ok 1 abi_layout_negative.unrecorded_i386_deviation_fails"
	echo "# abi_layout passed with no deviations recorded"
elif grep -q '^not ok .* abi_layout.vfio_iommu_type1_info_cap_migration$' <<<"$out" &&
     grep -q 'no deviation recorded for i386 vfio_iommu_type1_info_cap_migration' <<<"$out"; then
	echo "ok 1 abi_layout_negative.unrecorded_i386_deviation_fails"
else
	echo "not ok 1 abi_layout_negative.unrecorded_i386_deviation_fails"
	printf '%s\n' "$out" | sed 's/^/# /'
fi

cat > "$tmp/stale.ini" <<'INI'
[x86_64 vfio_iommu_type1_dma_map]
reason = crafted: x86_64 has no such deviation
sizeof = 28
INI
if out=$(run x86_64 "$tmp/stale.ini"); then
	echo "not ok 2 abi_layout_negative.stale_record_fails"
	echo "# abi_layout passed with a record for a difference that is not there"
elif grep -q 'but the layout is the kernel.s: remove it' <<<"$out"; then
	echo "ok 2 abi_layout_negative.stale_record_fails"
else
	echo "not ok 2 abi_layout_negative.stale_record_fails"
	printf '%s\n' "$out" | sed 's/^/# /'
fi

printf '[i386 vfio_bitmap]\nreason = x\nsizeof = 20\nbogus = 1\n' > "$tmp/bad.ini"
if out=$(run i386 "$tmp/bad.ini"); then
	echo "not ok 3 abi_layout_negative.malformed_fixture_bails_out"
elif grep -q "^Bail out! .*bad.ini:4: \[i386 vfio_bitmap\] bogus: unknown key" <<<"$out"; then
	echo "ok 3 abi_layout_negative.malformed_fixture_bails_out"
else
	echo "not ok 3 abi_layout_negative.malformed_fixture_bails_out"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
