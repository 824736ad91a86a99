#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every check that follows a kernel change fails on the opposite kernel:
# the 7.2 lane told (VFIO_CONFORMANCE_HAS_<change>=n) that it lacks the
# overflow checks and the nesting removal, and the 5.10 lane told it has
# UNMAP_ALL/VADDR, the overflow checks and VT-d's real page sizes, must
# fail exactly the tests that encode those changes.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=ci/tap.sh
. "$root/ci/tap.sh"

lane_results() {	# LANE [env...] -> "STATUS NAME" of every program's results
	local l=$1
	shift
	env VFIO_CONFORMANCE_RESULTS="$tmp/$l" "$@" "$root/vm/run-lane" "$root/lanes/$l" > "$tmp/$l.lane" 2>&1 || true
	"$root/tools/tap-results" "$tmp/$l/$l/"*.tap
}

expect_failed() {	# RESULTS LANE TEST...
	local results=$1 lane=$2 t
	shift 2
	for t in "$@"; do
		if grep -qx "fail $t" <<<"$results"; then
			result ok "$lane: $t fails on the opposite kernel"
		else
			result "not ok" "$lane: $t fails on the opposite kernel" \
				"$(grep -F " ${t%%.*}." <<<"$results" | head -n 8)"
		fi
	done
}

echo "TAP version 13"
echo "1..14"
r=$(lane_results vtd-7.2 VFIO_CONFORMANCE_PROGRAMS="overflow dma_map container" \
	VFIO_CONFORMANCE_HAS_map_wrap_is_eoverflow=n VFIO_CONFORMANCE_HAS_nesting_iommu_removed=n)
expect_failed "$r" vtd-7.2 \
	overflow.type1v2.wrapping_map_matrix overflow.type1v2.wrapping_unmap_matrix \
	overflow.type1v2.wrapping_dirty_bitmap_matrix dma_map.type1v2.wrapping_map_is_refused \
	container.type1v2.fresh_container_extensions container.type1v2.set_iommu_rules

r=$(lane_results vtd-5.10 VFIO_CONFORMANCE_PROGRAMS="overflow dma_map container platform msi_survives" \
	VFIO_CONFORMANCE_HAS_map_wrap_is_eoverflow=y VFIO_CONFORMANCE_HAS_unmap_all_and_vaddr=y \
	VFIO_CONFORMANCE_HAS_vtd_real_pgsize_bitmap=y)
expect_failed "$r" vtd-5.10 \
	overflow.type1v2.wrapping_map_matrix overflow.type1v1.wrapping_unmap_matrix \
	dma_map.type1v2.vaddr_update_rules dma_map.type1v1.unmap_all_takes_every_mapping \
	container.type1v2.fresh_container_extensions container.type1v2.set_iommu_rules \
	platform.type1v2.pgsizes_are_the_platforms msi_survives.type1v2.msi_window_cannot_be_mapped_or_unmapped
exit $tap_failed
