#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The live programs built with AddressSanitizer and UBSan run in the x86
# lane (VFIO_CONFORMANCE_SANITIZED=1, with their shared runtimes in the
# initramfs): every result passes or skips, and no sanitizer reported
# anything, in the programs' output or on the console.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=ci/tap.sh
tap_prefix=sanitized.
. "$root/ci/tap.sh"

echo "TAP version 13"
echo "1..3"
VFIO_CONFORMANCE_SANITIZED=1 VFIO_CONFORMANCE_RESULTS=$tmp/results \
	"$root/vm/run-lane" "$root/lanes/vtd-6.1" > "$tmp/lane.tap" 2>&1 || true
if grep -q '^ok .* vtd-6.1: lane_finished' "$tmp/lane.tap"; then
	result ok lane_ran
else
	result "not ok" lane_ran "$(tail -n 12 "$tmp/lane.tap")"
fi
results=$("$root/tools/tap-results" "$tmp/results/vtd-6.1/"*.tap 2>&1 || true)
passed=$(grep -c '^pass ' <<<"$results" || true)
if [ "$passed" -ge 100 ] && ! grep -qv '^\(pass\|skip\) ' <<<"$results"; then
	result ok every_result_passes "$passed passed, the rest skipped"
else
	result "not ok" every_result_passes "$(grep -v '^\(pass\|skip\) ' <<<"$results" | head -n 20)" "$passed passed"
fi
reports=$(grep -h 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' \
	"$tmp/results/vtd-6.1/"*.tap "$tmp/results/vtd-6.1/console.log" 2>/dev/null || true)
if [ -z "$reports" ]; then
	result ok no_sanitizer_report
else
	result "not ok" no_sanitizer_report "$(head -n 20 <<<"$reports")"
fi
