#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The suite as a kselftest collection: `make install` into a kselftest tree
# that already lists another collection keeps that entry and adds ours;
# the kernel's own run_kselftest.sh (from Debian's linux-source) runs it in
# a lane, every program is a result, none fails, and zpci (s390x only) is
# a SKIP by its exit status 4. The runner's run is kept (where
# kselftest_kept_results says) for ci/lava/run_script.t.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${VFIO_CONFORMANCE_BUILD:-$root/build}
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "TAP version 13"
echo "1..5"
mkdir -p "$tmp/tree"
echo "other:kept" > "$tmp/tree/kselftest-list.txt"
if make -C "$root" --no-print-directory -s BUILD="$build" INSTALL_PATH="$tmp/tree" ABI=x86_64 install \
	> "$tmp/install.log" 2>&1 &&
   grep -qx "other:kept" "$tmp/tree/kselftest-list.txt" &&
   grep -qx "vfio_type1:get_info" "$tmp/tree/kselftest-list.txt" &&
   [ -x "$tmp/tree/run_kselftest.sh" ] && [ -s "$tmp/tree/vfio_type1/settings" ]; then
	echo "ok 1 kselftest.install_appends_to_the_list"
else
	echo "not ok 1 kselftest.install_appends_to_the_list"
	sed 's/^/# /' "$tmp/install.log" "$tmp/tree/kselftest-list.txt"
fi

kept=$(kselftest_kept_results "$build")
rm -rf "$kept"
VFIO_CONFORMANCE_KSELFTEST=$tmp/tree VFIO_CONFORMANCE_RESULTS=$kept \
	"$root/vm/run-lane" "$root/lanes/vtd-6.1" > "$tmp/lane.tap" 2>&1 || true
run=$kept/vtd-6.1/run_kselftest.tap
programs=$(grep -c '^vfio_type1:' "$tmp/tree/kselftest-list.txt")
results=$(grep -c '^\(not \)\{0,1\}ok [0-9]* selftests: vfio_type1: ' "$run" 2>/dev/null || true)
if grep -q '^ok .* lane_finished' "$tmp/lane.tap" && [ "$results" -eq "$programs" ]; then
	echo "ok 2 kselftest.runner_runs_every_program # $results of $programs"
else
	echo "not ok 2 kselftest.runner_runs_every_program"
	echo "# $results results for $programs programs"
	sed 's/^/# /' "$tmp/lane.tap" | tail -n 20
fi
if [ "$results" -gt 0 ] && ! grep -q '^not ok' "$run" && [ "$(cat "${run%.tap}.status")" = 0 ]; then
	echo "ok 3 kselftest.nothing_fails"
else
	echo "not ok 3 kselftest.nothing_fails"
	grep '^not ok' "$run" | sed 's/^/# /'
fi
if grep -q '^ok [0-9]* selftests: vfio_type1: zpci # SKIP' "$run"; then
	echo "ok 4 kselftest.not_applicable_is_a_skip"
else
	echo "not ok 4 kselftest.not_applicable_is_a_skip"
	grep 'zpci' "$run" | sed 's/^/# /'
fi
nested=$(grep -c '^# ok [0-9]* get_info\.' "$run" 2>/dev/null || true)
if [ "$nested" -gt 0 ]; then
	echo "ok 5 kselftest.each_test_is_in_the_runners_output # $nested get_info results"
else
	echo "not ok 5 kselftest.each_test_is_in_the_runners_output"
	head -n 20 "$run" | sed 's/^/# /'
fi
