#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The lane runner under failure: a hung lane is stopped at its timeout, a
# panicking guest and a missing kernel are reported as failures with their
# reason, a module set whose module will not load ends the boot with the
# sets after it not reached, and nothing is left behind (no QEMU process,
# no temporary files).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

# lane NAME OVERRIDES: a lane file that is vtd-6.1 with OVERRIDES appended
lane() {
	cp "$root/lanes/vtd-6.1" "$tmp/$1"
	echo "$2" >> "$tmp/$1"
	echo "$tmp/$1"
}

# must_fail NAME LANEFILE PATTERN...: the lane fails, its output matches
# every PATTERN, and neither a QEMU nor its scratch directory outlives it.
must_fail() {
	local name=$1 file=$2 out status=0 pattern why=""
	shift 2
	n=$((n + 1))
	out=$(TMPDIR=$tmp/scratch VFIO_CONFORMANCE_RESULTS=$tmp/results "$root/vm/run-lane" "$file" 2>&1) || status=$?
	grep -q '^not ok ' <<<"$out" || why="the lane did not fail"
	[ "$status" -ne 0 ] || why="${why:+$why; }the lane exited 0"
	for pattern in "$@"; do
		grep -q -- "$pattern" <<<"$out" || why="${why:+$why; }no line matches '$pattern'"
	done
	if pgrep -f "vfioc-$(basename "$file")\." >/dev/null; then
		why="${why:+$why; }a QEMU process outlived the lane"
	fi
	[ -z "$(ls -A "$tmp/scratch")" ] || why="${why:+$why; }left $(ls "$tmp/scratch")"
	if [ -z "$why" ]; then
		echo "ok $n lane_robustness.$name"
	else
		echo "not ok $n lane_robustness.$name"
		echo "# $why"
		printf '%s\n' "$out" | tail -n 15 | sed 's/^/# /'
	fi
}

mkdir -p "$tmp/scratch"
echo "TAP version 13"
echo "1..4"

VFIO_CONFORMANCE_LANE_TIMEOUT=2 must_fail hung_lane_stops_at_timeout \
	"$(lane hung '')" 'lane_finished # stopped after 2s'
must_fail panicking_guest_fails_with_console \
	"$(lane panics "LANE_APPEND=\"\$LANE_APPEND rdinit=/no-such-init\"")" \
	'lane_finished # QEMU exited' 'Kernel panic'
must_fail missing_kernel_is_named \
	"$(lane nokernel "LANE_KERNEL_PACKAGE='linux-image-0\\.0-none'")" \
	"lane_ran # kernel.sh: no Debian amd64 package matches"
# a module that is no ELF: its set fails its set-up, and the set after it,
# which would reload Debian's own modules, is not reached
mkdir -p "$tmp/modules/broken" "$tmp/modules/debian"
head -c 4096 /dev/zero > "$tmp/modules/broken/vfio_iommu_type1.ko"
printf '%s\n' "broken $tmp/modules/broken dma_map" "debian $tmp/modules/debian dma_map" > "$tmp/modules/sets"
VFIO_CONFORMANCE_MODULE_SETS=$tmp/modules/sets must_fail module_set_that_does_not_load_ends_the_boot \
	"$(lane sets '')" 'broken: setup # insmod vfio_iommu_type1 failed' \
	'debian: setup # not reached' 'ok [0-9]* sets: drivers_restored'
