#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_tests.sh --record: a fixture recorded on one lane passes the platform
# checks on that lane and fails them on a lane whose IOMMU differs, as a
# blessed kernel's fixture fails a regressed one.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Only platform runs: the fixture is recorded after the programs, and the
# platform checks are the ones a fixture decides.
lane() {	# LANE [env...] -> its own TAP and its programs' (replayed)
	local l=$1 t
	shift
	env VFIO_CONFORMANCE_RESULTS="$tmp/results" VFIO_CONFORMANCE_PROGRAMS=platform "$@" \
		"$root/vm/run-lane" "$root/lanes/$l" 2>&1
	for t in "$tmp/results/$l/"*.tap; do
		"$root/tools/tap-exec" "$t" 2>&1 | sed "s/^\(\(not \)\{0,1\}ok [0-9]*\) /\1 $l: /"
	done
}

echo "TAP version 13"
echo "1..3"

out=$(lane vtd-6.1 VFIO_CONFORMANCE_RECORD="$tmp/vtd.ini")
if grep -q '^ok .* fixture_recorded' <<<"$out" && grep -q '^must = 0x' "$tmp/vtd.ini"; then
	echo "ok 1 record_fixture.written"
else
	echo "not ok 1 record_fixture.written"
	grep 'fixture' <<<"$out" | sed 's/^/# /'
fi

out=$(lane vtd-6.1 VFIO_CONFORMANCE_FIXTURE="$tmp/vtd.ini")
if grep -q '^ok .* vtd-6.1: platform.type1v2.pgsizes_are_the_platforms$' <<<"$out" &&
   grep -q '^ok .* vtd-6.1: platform.type1v2.windows_are_reserved_and_unusable$' <<<"$out"; then
	echo "ok 2 record_fixture.passes_where_recorded"
else
	echo "not ok 2 record_fixture.passes_where_recorded"
	grep 'platform\.' <<<"$out" | sed 's/^/# /' | head
fi

out=$(lane amdvi-6.1 VFIO_CONFORMANCE_FIXTURE="$tmp/vtd.ini")
if grep -q '^not ok .* amdvi-6.1: platform.type1v2.pgsizes_are_the_platforms$' <<<"$out"; then
	echo "ok 3 record_fixture.fails_on_a_different_iommu"
else
	echo "not ok 3 record_fixture.fails_on_a_different_iommu"
	grep 'platform\.' <<<"$out" | sed 's/^/# /' | head
fi
